package io.rmipool.server.pool;

import io.rmipool.server.jdbc.JdbcConnector;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;

/** Builds pools over a fresh H2 in-memory database for one test. */
final class TestPools {
    final JdbcConnector connector =
            new JdbcConnector("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "",
                    Duration.ofMinutes(1));

    DatabaseConnectionPool safe(PoolSettings settings, LongSupplier ticker, Runnable racePause) throws SQLException {
        return new DatabaseConnectionPool(connector, settings, ticker, Clock.systemUTC(), racePause);
    }

    DatabaseConnectionPool safe(int max) throws SQLException {
        return safe(PoolSettings.of(max, Duration.ofMinutes(5)), System::nanoTime, () -> { });
    }

    /** A connector through {@link FaultyDriver}, to an H2 database of its own. */
    static JdbcConnector faulty() {
        FaultyDriver.register();
        return new JdbcConnector(FaultyDriver.PREFIX + "h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "",
                Duration.ofMinutes(1));
    }

    UnsafeConnectionPool unsafe(int max, Runnable racePause) throws SQLException {
        return new UnsafeConnectionPool(connector, PoolSettings.of(max, Duration.ofMinutes(5)), racePause);
    }
}
