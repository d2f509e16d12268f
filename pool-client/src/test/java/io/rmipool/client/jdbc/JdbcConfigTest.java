package io.rmipool.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdbcConfigTest {
    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void theUrlNamesHostPortAndPoolWithDefaults() throws Exception {
        JdbcConfig full = JdbcConfig.parse("jdbc:rmipool://db.example:2099/orders?leaseTimeout=5s&callTimeout=2m",
                props("secret", "0123456789abcdefXYZ"));
        assertThat(full.settings().host()).isEqualTo("db.example");
        assertThat(full.settings().port()).isEqualTo(2099);
        assertThat(full.settings().name()).isEqualTo("orders");
        assertThat(full.leaseTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(full.settings().callTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(full.settings().secret()).isEqualTo("0123456789abcdefXYZ".getBytes(StandardCharsets.UTF_8));

        JdbcConfig bare = JdbcConfig.parse("jdbc:rmipool://localhost", props("password", "s3cret-s3cret-s3cret"));
        assertThat(bare.settings().port()).isEqualTo(1099);
        assertThat(bare.settings().name()).isEqualTo("pool");
        assertThat(bare.leaseTimeout()).isEqualTo(JdbcConfig.DEFAULT_LEASE_TIMEOUT);
        assertThat(bare.settings().secret()).as("password is the secret's alias").isNotNull();

        assertThat(JdbcConfig.parse("jdbc:rmipool://[::1]:1100/p", props()).settings().host()).isEqualTo("::1");
    }

    @Test
    void aPropertyWinsOverTheUrl() throws Exception {
        JdbcConfig config = JdbcConfig.parse("jdbc:rmipool://h/p?leaseTimeout=5s", props("leaseTimeout", "7s"));
        assertThat(config.leaseTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void badUrlsAndSettingsAreRefusedByName() {
        assertThatThrownBy(() -> JdbcConfig.parse("jdbc:rmipool:nothing", props()))
                .isInstanceOf(SQLException.class).hasMessageContaining("expected jdbc:rmipool://host");
        assertThatThrownBy(() -> JdbcConfig.parse("jdbc:rmipool://h/p?leasTimeout=5s", props()))
                .hasMessageContaining("unknown setting 'leasTimeout'");
        assertThatThrownBy(() -> JdbcConfig.parse("jdbc:rmipool://h/p?secret=abc", props()))
                .hasMessageContaining("a secret does not belong in the URL");
        assertThatThrownBy(() -> JdbcConfig.parse("jdbc:rmipool://h/p?leaseTimeout=soon", props()))
                .hasMessageContaining("leaseTimeout");
        assertThatThrownBy(() -> JdbcConfig.parse("jdbc:rmipool://h:99999/p", props()))
                .hasMessageContaining("99999");
        assertThatThrownBy(() -> JdbcConfig.parse("jdbc:rmipool://h/p", props("secretFile", "/nonexistent")))
                .hasMessageContaining("/nonexistent does not exist");
    }

    @Test
    void onlyRmipoolUrlsAreAccepted() {
        assertThat(JdbcConfig.accepts("jdbc:rmipool://h")).isTrue();
        assertThat(JdbcConfig.accepts("jdbc:postgresql://h/db")).isFalse();
        assertThat(JdbcConfig.accepts(null)).isFalse();
    }
}
