package io.rmipool.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcConnectorTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db.internal:5432/app?user=u&password=secret | db.internal:5432 | jdbc:postgresql://db.internal:5432/app?user=***&password=***",
            "jdbc:postgresql://u:secret@db:5432/app                      | db:5432          | jdbc:postgresql://db:5432/app",
            "jdbc:h2:tcp://localhost:9092/mem:x                          | localhost:9092   | jdbc:h2:tcp://localhost:9092/mem:x",
            "jdbc:h2:mem:rmipool;DB_CLOSE_DELAY=-1;PASSWORD=secret       | jdbc:h2:mem:rmipool;DB_CLOSE_DELAY=-1;PASSWORD=*** | jdbc:h2:mem:rmipool;DB_CLOSE_DELAY=-1;PASSWORD=***"})
    void messagesNameTheDatabaseButNeverItsCredentials(String url, String target, String described) {
        JdbcConnector connector = new JdbcConnector(url, "u", "secret", Duration.ofMinutes(1));
        assertThat(connector.target()).isEqualTo(target).doesNotContain("secret");
        assertThat(connector.describe()).isEqualTo(described);
    }
}
