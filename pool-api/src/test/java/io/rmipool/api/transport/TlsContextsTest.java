package io.rmipool.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.testing.DevTls;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
    private final DevTls tls = DevTls.get();

    @TempDir
    Path dir;

    @Test
    void theDevScriptsFilesMakeServerAndClientContexts() {
        SSLContext server = TlsContexts.server(tls.serverKeystore(), tls.password(), tls.ca(), null);
        SSLContext client = TlsContexts.client(tls.ca(), null, tls.clientKeystore(), tls.password());
        assertThat(server.getProtocol()).isEqualTo("TLS");
        assertThat(client.getSocketFactory()).isNotNull();
        assertThat(TlsContexts.trustingOwnChain(tls.serverKeystore(), tls.password())).isNotNull();
    }

    @Test
    void aPkcs12TruststoreWorksWithItsPassword() {
        // ca.p12 holds the CA's key entry and certificate: good enough as a truststore
        assertThat(TlsContexts.client(tls.caKeystore(), tls.password(), null, null)).isNotNull();
    }

    @Test
    void everyBadFileIsOneClearLine() throws Exception {
        assertThatThrownBy(() -> TlsContexts.server(tls.serverKeystore(), "wrong".toCharArray(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot open TLS keystore " + tls.serverKeystore() + ": wrong password");
        assertThatThrownBy(() -> TlsContexts.server(dir.resolve("none.p12"), tls.password(), null, null))
                .hasMessage("TLS keystore " + dir.resolve("none.p12") + " does not exist");
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a keystore");
        assertThatThrownBy(() -> TlsContexts.server(garbage, tls.password(), null, null))
                .hasMessageStartingWith("cannot open TLS keystore " + garbage + ": not a PKCS12 file");
        assertThatThrownBy(() -> TlsContexts.client(garbage, null, null, null))
                .hasMessageStartingWith("cannot open TLS truststore " + garbage);
        Path emptyPem = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsContexts.client(emptyPem, null, null, null))
                .hasMessageStartingWith("cannot open TLS truststore " + emptyPem);
    }
}
