package io.rmipool.server.pool;

import io.rmipool.server.jdbc.JdbcConnector;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/** Builds pools over a fresh H2 in-memory database for one test. */
final class TestPools {
    final JdbcConnector connector =
            new JdbcConnector("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
    List<PooledConnection> slots;

    DatabaseConnectionPool safe(int max, int maxWaiters, Duration ttl, LongSupplier ticker, Runnable racePause)
            throws SQLException {
        slots = PooledConnection.openAll(connector, max);
        return new DatabaseConnectionPool(connector, new PoolSettings(max, maxWaiters, ttl, Duration.ZERO),
                slots, ticker, Clock.systemUTC(), racePause, false);
    }

    DatabaseConnectionPool safe(int max) throws SQLException {
        return safe(max, 1000, Duration.ofMinutes(5), System::nanoTime, () -> { });
    }

    UnsafeConnectionPool unsafe(int max, Runnable racePause) throws SQLException {
        slots = PooledConnection.openAll(connector, max);
        return new UnsafeConnectionPool(connector, new PoolSettings(max, 1000, Duration.ofMinutes(5), Duration.ZERO),
                slots, racePause);
    }
}
