package io.rmipool.server.pool;

import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.Lease;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What the RMI layer needs from a pool: lease, renew, release, stats. Two implementations exist:
 * {@link DatabaseConnectionPool}, the real one, and {@link UnsafeConnectionPool}, the seed's race
 * kept on purpose for the demo.
 *
 * <p>A {@code holder} names the session a lease belongs to; a token is only honoured for its holder.
 * Implementations are called concurrently from RMI threads.
 */
public interface ConnectionPool extends AutoCloseable {

    Lease lease(String holder, long timeoutMillis) throws PoolException, InterruptedException;

    Lease renew(String holder, long token) throws PoolException;

    /** How long a lease lasts from its grant or last renewal. */
    Duration leaseTtl();

    /** Work on a leased connection: one statement, or a transaction control call. */
    interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException, PoolException;
    }

    /**
     * Runs {@code work} on the connection leased to {@code token}, if {@code holder} holds it.
     *
     * @param action what the work is, for logs ("execute", "commit", ...)
     */
    <T> T withConnection(String holder, long token, String action, ConnectionWork<T> work) throws PoolException;

    /** @return true when released now; false when the holder had already released this token */
    boolean release(String holder, long token) throws PoolException;

    /** Releases every lease of {@code holder}, e.g. when its session ends. */
    void releaseAll(String holder);

    /**
     * What database the pool's connections lead to (read from one of them when the pool opened), or
     * null when its driver could not say.
     */
    DatabaseInfo databaseInfo();

    /** The pool's gauges and counters; {@code refused} counts the refusals the pool itself made. */
    PoolStats stats();

    /** Stops granting leases, wakes every waiter with a {@link io.rmipool.api.PoolClosedException}, closes connections. */
    @Override
    void close();
}
