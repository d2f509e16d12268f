package io.rmipool.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrivilegeCheckTest {

    @Test
    void anH2AdminIsDangerousAndTheRestrictedUserIsNot() throws Exception {
        try (Connection admin = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "")) {
            assertThat(PrivilegeCheck.danger(admin)).get().asString().contains("H2 user is an admin", "CREATE ALIAS");
        }
        try (RestrictedH2 h2 = RestrictedH2.create("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
             Connection pool = DriverManager.getConnection(h2.poolUrl(), h2.poolUser(), h2.poolPassword())) {
            assertThat(PrivilegeCheck.danger(pool)).isEmpty();
        }
    }

    @Test
    void restrictionAppliesToInMemoryH2WithoutAUserOnly() {
        assertThat(RestrictedH2.applies("jdbc:h2:mem:rmipool;DB_CLOSE_DELAY=-1", "")).isTrue();
        assertThat(RestrictedH2.applies("jdbc:h2:mem:rmipool", "app")).isFalse();
        assertThat(RestrictedH2.applies("jdbc:h2:file:/var/lib/pool/db", "")).isFalse();
        assertThat(RestrictedH2.applies("jdbc:postgresql://db/app", "")).isFalse();
    }
}
