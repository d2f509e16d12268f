package io.rmipool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LoginMacTest {
    @Test
    void theLoginMacIsHmacSha256OrZerosWithoutASecret() {
        assertThat(LoginMac.compute(null, new byte[32])).hasSize(32).containsOnly(0);
        // RFC 4231, test case 2
        byte[] mac = LoginMac.compute("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
