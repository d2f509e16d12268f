package io.rmipool.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.testing.DevTls;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.server.net.NetSettings;
import io.rmipool.server.rmi.ServerFixture;
import io.rmipool.server.rmi.SessionSettings;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The container health check against a real TLS server: it reads the server's own variables. */
class HealthCheckTest {
    private final DevTls tls = DevTls.get();
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Map<String, String> serverEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("POOL_PORT", Integer.toString(fixture.port));
        env.put("POOL_BIND", "0.0.0.0"); // as in the image: the check then goes to 127.0.0.1
        env.put("POOL_SECRET", new String(ServerFixture.SECRET, StandardCharsets.UTF_8));
        env.put("POOL_TLS_KEYSTORE", tls.serverKeystore().toString());
        env.put("POOL_TLS_KEYSTORE_PASSWORD_FILE", tls.passwordFile().toString());
        return env;
    }

    @Test
    void aTlsServerWithASecretIsHealthyToItsOwnCheck() throws Exception {
        fixture = ServerFixture.start(NetSettings.loopback().withTls(
                TlsContexts.server(tls.serverKeystore(), tls.password(), null, null), false), SessionSettings.defaults(), null);
        HealthCheck.Result result = HealthCheck.check(serverEnvironment());
        assertThat(result.exitCode()).as(result.line()).isZero();
        assertThat(result.line()).startsWith("healthy: PoolStats[max=2").contains("maintainerAlive=true");
    }

    @Test
    void withMutualTlsTheCheckPresentsTheServersOwnCertificate() throws Exception {
        fixture = ServerFixture.start(NetSettings.loopback().withTls(
                TlsContexts.server(tls.serverKeystore(), tls.password(), tls.ca(), null), true), SessionSettings.defaults(), null);
        HealthCheck.Result result = HealthCheck.check(serverEnvironment());
        assertThat(result.exitCode()).as(result.line()).isZero();
    }

    @Test
    void aWrongSecretOrAMissingTlsSettingIsUnhealthyInOneLine() throws Exception {
        fixture = ServerFixture.start(NetSettings.loopback().withTls(
                TlsContexts.server(tls.serverKeystore(), tls.password(), null, null), false), SessionSettings.defaults(), null);
        Map<String, String> wrongSecret = serverEnvironment();
        wrongSecret.put("POOL_SECRET", "not-the-secret-at-all");
        assertThat(HealthCheck.check(wrongSecret)).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.line()).startsWith("unhealthy: ").contains("authentication failed");
        });
        Map<String, String> plain = serverEnvironment();
        plain.remove("POOL_TLS_KEYSTORE");
        assertThat(HealthCheck.check(plain).exitCode()).isEqualTo(1);
    }
}
