package io.rmipool.server.rmi;

import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.Lease;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolSession;
import io.rmipool.api.PoolStats;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.pool.ConnectionPool;
import java.rmi.server.Unreferenced;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One logged-in client: forwards calls to the pool under this session's holder name, so a token is
 * only honoured for the session it was granted to. Thread-safe (the pool is; {@code closed} is
 * an AtomicBoolean).
 *
 * <p>A session ends on {@link #logout()}, or when RMI's distributed GC reports that no client
 * references it any more ({@link #unreferenced()}, up to {@code java.rmi.dgc.leaseValue} after the
 * client went away); either way its leases are released. Lease TTLs, not DGC, are what bound the
 * time a dead client keeps connections.
 */
final class Session implements PoolSession, Unreferenced {
    private static final Logger LOG = LogManager.getLogger(Session.class);

    private final String holder;
    private final ConnectionPool pool;
    private final SqlRunner sqlRunner;
    private final Refusals refusals;
    private final Consumer<Session> onEnd;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param onEnd called once when the session ends, to unexport it */
    Session(String holder, ConnectionPool pool, SqlRunner sqlRunner, Refusals refusals, Consumer<Session> onEnd) {
        this.holder = holder;
        this.pool = pool;
        this.sqlRunner = sqlRunner;
        this.refusals = refusals;
        this.onEnd = onEnd;
    }

    @Override
    public Lease lease(long timeoutMillis) throws PoolException {
        ensureOpen();
        try {
            Lease lease = pool.lease(holder, timeoutMillis);
            if (closed.get()) {
                // The session ended while this call waited: its logout could not release this lease,
                // and no one could release it later. Give it back now.
                pool.release(holder, lease.token());
                throw new NotAuthenticatedException("session closed during the lease call: log in again");
            }
            return lease;
        } catch (InterruptedException e) {
            // the RMI runtime interrupts call threads only when it is shutting down
            Thread.currentThread().interrupt();
            throw new PoolClosedException("the pool server is shutting down");
        }
    }

    @Override
    public Lease renew(long token) throws PoolException {
        ensureOpen();
        return pool.renew(holder, token);
    }

    @Override
    public boolean release(long token) throws PoolException {
        ensureOpen();
        return pool.release(holder, token);
    }

    @Override
    public SqlResult execute(long token, String sql, SqlParameters params) throws PoolException {
        ensureOpen();
        if (sql == null || sql.isBlank() || params == null) {
            refusals.refuse("execute by " + holder + " without a statement or parameters");
            throw new InvalidArgumentException("a statement and its parameters are required");
        }
        return pool.withConnection(holder, token, "execute", c -> sqlRunner.run(c, sql, params));
    }

    @Override
    public void setAutoCommit(long token, boolean autoCommit) throws PoolException {
        ensureOpen();
        pool.withConnection(holder, token, "setAutoCommit", c -> {
            c.setAutoCommit(autoCommit);
            return null;
        });
    }

    @Override
    public void commit(long token) throws PoolException {
        ensureOpen();
        pool.withConnection(holder, token, "commit", c -> {
            c.commit();
            return null;
        });
    }

    @Override
    public void rollback(long token) throws PoolException {
        ensureOpen();
        pool.withConnection(holder, token, "rollback", c -> {
            c.rollback();
            return null;
        });
    }

    @Override
    public PoolStats stats() throws PoolException {
        ensureOpen();
        PoolStats s = pool.stats();
        return new PoolStats(s.max(), s.idle(), s.leased(), s.waiting(), s.granted(), s.timeouts(), s.expired(),
                s.refused() + refusals.count());
    }

    @Override
    public void logout() {
        end("logged out");
    }

    @Override
    public void unreferenced() {
        end("no longer referenced by any client");
    }

    private void end(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pool.releaseAll(holder);
        onEnd.accept(this);
        LOG.info("session {} ended: {}", holder, why);
    }

    private void ensureOpen() throws NotAuthenticatedException {
        if (closed.get()) {
            refusals.refuse("call on closed session " + holder);
            throw new NotAuthenticatedException("session closed: log in again");
        }
    }
}
