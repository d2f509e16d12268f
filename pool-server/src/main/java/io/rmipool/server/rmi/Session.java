package io.rmipool.server.rmi;

import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.NotSupportedException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolSession;
import io.rmipool.api.PoolStats;
import io.rmipool.api.SessionClosedException;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import io.rmipool.api.TooManyWaitersException;
import io.rmipool.api.transport.SessionCredential;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.metrics.PoolMetrics;
import io.rmipool.server.net.Refusals;
import io.rmipool.server.pool.ConnectionPool;
import java.sql.Connection;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One logged-in client: forwards calls to the pool under this session's holder name, so a token is
 * only honoured for the session it was granted to.
 *
 * <p>Every call is admitted only when it arrived on a connection that proved this session's
 * {@link SessionCredential} (see {@link BoundSession}); knowing the session's object id and a token is
 * not enough. When the session ends (logout, idle timeout, server stop) its leases are released.
 *
 * <p>Thread-safe (the pool is, and so is {@link BoundSession}).
 */
final class Session extends BoundSession implements PoolSession {
        private final String holder;
    private final ConnectionPool pool;
    private final SqlRunner sqlRunner;
    private final Refusals refusals;
    private final LongSupplier ticker;
    private final PoolMetrics metrics;

    /** @param onEnd called once when the session ends, to unexport it */
    Session(String clientId, String holder, SessionCredential credential, ConnectionPool pool, SqlRunner sqlRunner,
            Refusals refusals, LongSupplier ticker, PoolMetrics metrics, Consumer<BoundSession> onEnd) {
        super(clientId, holder, credential, refusals, ticker, onEnd);
        this.metrics = metrics;
        this.holder = holder;
        this.pool = pool;
        this.sqlRunner = sqlRunner;
        this.refusals = refusals;
        this.ticker = ticker;
    }

    @Override
    public long lease(long timeoutMillis) throws PoolException {
        enter();
        long asked = ticker.getAsLong();
        Lease lease = reported(() -> {
            try {
                return pool.lease(holder, timeoutMillis);
            } catch (InterruptedException e) {
                // the RMI runtime interrupts call threads only when it is shutting down
                Thread.currentThread().interrupt();
                throw new PoolClosedException("the pool server is shutting down");
            }
        });
        if (!isOpen()) {
            // The session ended while this call waited: its logout could not release this lease,
            // and no one could release it later. Give it back now.
            pool.release(holder, lease.token());
            throw new SessionClosedException("the session was closed during the lease call: log in again");
        }
        metrics.leaseGranted(ticker.getAsLong() - asked);
        return lease.token();
    }

    @Override
    public long leaseTtlMillis() throws PoolException {
        enter();
        return pool.leaseTtl().toMillis();
    }

    @Override
    public Lease renew(long token) throws PoolException {
        enter();
        return reported(() -> pool.renew(holder, token));
    }

    @Override
    public boolean release(long token) throws PoolException {
        enter();
        return reported(() -> pool.release(holder, token));
    }

    @Override
    public SqlResult execute(long token, String sql, SqlParameters params) throws PoolException {
        enter();
        if (sql == null || sql.isBlank() || params == null) {
            refusals.refuse("bad argument", "execute by " + holder + " without a statement or parameters");
            throw new InvalidArgumentException("a statement and its parameters are required");
        }
        return reported(() -> pool.withConnection(holder, token, "execute", c -> sqlRunner.run(c, sql, params)));
    }

    @Override
    public SqlResult execute(long token, String sql, SqlParameters params, int maxRows, int queryTimeoutSeconds)
            throws PoolException {
        enter();
        if (sql == null || sql.isBlank() || params == null || maxRows < 0 || queryTimeoutSeconds < 0) {
            refusals.refuse("bad argument", "execute by " + holder + " without a statement or parameters, or with "
                    + "negative limits");
            throw new InvalidArgumentException("a statement and its parameters are required, and limits of 0 or more");
        }
        return reported(() -> pool.withConnection(holder, token, "execute",
                c -> sqlRunner.run(c, sql, params, maxRows, queryTimeoutSeconds)));
    }

    @Override
    public void setTransactionIsolation(long token, int level) throws PoolException {
        enter();
        if (level != Connection.TRANSACTION_READ_UNCOMMITTED && level != Connection.TRANSACTION_READ_COMMITTED
                && level != Connection.TRANSACTION_REPEATABLE_READ && level != Connection.TRANSACTION_SERIALIZABLE) {
            refusals.refuse("bad argument", "setTransactionIsolation by " + holder + " to " + level);
            throw new InvalidArgumentException("no transaction isolation level " + level
                    + " (1, 2, 4 or 8: java.sql.Connection's TRANSACTION_* constants)");
        }
        reported(() -> pool.withConnection(holder, token, "setTransactionIsolation", c -> {
            c.setTransactionIsolation(level);
            return null;
        }));
    }

    @Override
    public SqlResult catalog(long token, String query, SqlParameters args) throws PoolException {
        enter();
        if (query == null || args == null) {
            refusals.refuse("bad argument", "catalog by " + holder + " without a query or arguments");
            throw new InvalidArgumentException("a catalog query and its arguments are required");
        }
        return reported(() -> pool.withConnection(holder, token, "catalog", c -> {
            try {
                return sqlRunner.catalog(c, query, args.values());
            } catch (IllegalArgumentException e) {
                refusals.refuse("bad argument", "catalog by " + holder + ": " + e.getMessage());
                throw new InvalidArgumentException(query + ": " + e.getMessage());
            }
        }));
    }

    @Override
    public DatabaseInfo databaseInfo() throws PoolException {
        enter();
        DatabaseInfo info = pool.databaseInfo();
        if (info == null) {
            throw new NotSupportedException("the database's JDBC driver did not describe the database when the pool "
                    + "opened (see the server's log)");
        }
        return info;
    }

    @Override
    public void setAutoCommit(long token, boolean autoCommit) throws PoolException {
        enter();
        reported(() -> pool.withConnection(holder, token, "setAutoCommit", c -> {
            c.setAutoCommit(autoCommit);
            return null;
        }));
    }

    @Override
    public void commit(long token) throws PoolException {
        enter();
        reported(() -> pool.withConnection(holder, token, "commit", c -> {
            c.commit();
            return null;
        }));
    }

    @Override
    public void rollback(long token) throws PoolException {
        enter();
        reported(() -> pool.withConnection(holder, token, "rollback", c -> {
            c.rollback();
            return null;
        }));
    }

    @Override
    public PoolStats stats() throws PoolException {
        enter();
        return pool.stats().plusRefused(refusals.count());
    }

    @Override
    public void logout() throws NotAuthenticatedException {
        admitCaller();
        end("logged out");
    }

    @Override
    void onEnded() {
        pool.releaseAll(holder);
    }

    /** A call into the pool. */
    private interface PoolCall<T> {
        T run() throws PoolException;
    }

    /**
     * Runs a pool call, and reports the refusals it meets to {@link Refusals}, which logs them in
     * aggregate (the pool itself only counts them).
     */
    private <T> T reported(PoolCall<T> call) throws PoolException {
        try {
            return call.run();
        } catch (LeaseNotHeldException e) {
            refusals.refuse("token not held", holder + ": " + e.getMessage());
            throw e;
        } catch (TooManyWaitersException | InvalidArgumentException e) {
            refusals.refuse("lease refused", holder + ": " + e.getMessage());
            throw e;
        }
    }
}
