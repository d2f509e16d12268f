package io.rmipool.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExposurePolicyTest {
    private static final byte[] GOOD = "a-secret-of-more-than-16-bytes".getBytes(StandardCharsets.UTF_8);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static InetAddress address(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void loopbackNeedsNothing() throws Exception {
        assertThat(ExposurePolicy.check(LOOPBACK, "127.0.0.1", null, false, false, false)).isNull();
        assertThat(ExposurePolicy.check(address("::1"), "::1", null, false, false, false)).isNull();
    }

    @Test
    void anyOtherAddressNeedsASecretAndTls() throws Exception {
        assertThatThrownBy(() -> ExposurePolicy.check(address("0.0.0.0"), "0.0.0.0", null, true, false, false))
                .hasMessageStartingWith("--bind 0.0.0.0 (every interface) is not loopback: a shared secret is required");
        assertThatThrownBy(() -> ExposurePolicy.check(address("10.1.2.3"), "10.1.2.3", GOOD, false, false, false))
                .hasMessageStartingWith("--bind 10.1.2.3 is not loopback: TLS is required");
        assertThat(ExposurePolicy.check(address("10.1.2.3"), "10.1.2.3", GOOD, true, false, false)).isNull();
        assertThat(ExposurePolicy.check(address("10.1.2.3"), "10.1.2.3", GOOD, true, true, false)).isNull();
    }

    @Test
    void plainTextOnPurposeIsAWarning() throws Exception {
        assertThat(ExposurePolicy.check(address("0.0.0.0"), "0.0.0.0", GOOD, false, false, true))
                .startsWith("serving --bind 0.0.0.0 (every interface) in plain text (--plaintext)");
        assertThatThrownBy(() -> ExposurePolicy.check(address("0.0.0.0"), "0.0.0.0", null, false, false, true))
                .as("never without a secret").hasMessageContaining("a shared secret is required");
    }

    @Test
    void weakOrContradictorySettingsAreRefusedEverywhere() {
        assertThatThrownBy(() -> ExposurePolicy.check(LOOPBACK, "127.0.0.1", new byte[15], false, false, false))
                .hasMessage("the shared secret has 15 bytes; at least 16 are required (scripts/new-secret.sh makes a good one)");
        assertThatThrownBy(() -> ExposurePolicy.check(LOOPBACK, "127.0.0.1", GOOD, false, true, false))
                .hasMessage("--tls-truststore (mutual TLS) needs --tls-keystore");
        assertThatThrownBy(() -> ExposurePolicy.check(LOOPBACK, "127.0.0.1", GOOD, true, false, true))
                .hasMessage("--plaintext and --tls-keystore contradict each other");
    }
}
