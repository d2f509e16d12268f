package io.rmipool.client;

import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolSession;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SessionClosedException;
import io.rmipool.api.SqlResult;
import io.rmipool.api.transport.CallDeadline;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One leased pooled connection. Its {@link PoolClient} renews the lease in the background every TTL/3
 * until {@link #close()} gives the connection back.
 *
 * <p>{@link #execute}, {@link #setAutoCommit}, {@link #commit} and {@link #rollback} run on the server's
 * JDBC connection. Every such call is fenced by the lease token on the server: once the lease is
 * released or taken back, the server refuses the token with {@link LeaseNotHeldException} and never
 * touches the connection, which may belong to another client by then.
 *
 * <p>If a renewal or a call finds that the server no longer holds the lease (the client was cut off for
 * longer than the TTL, the session ended, the server restarted), the connection is
 * {@linkplain #isLost() lost} at once, with {@linkplain #lostReason() the reason}: renewal stops, every
 * later call fails with {@link LeaseNotHeldException} naming the reason, and the holder must not act
 * as the owner any more — the server may have granted the connection to someone else, with a higher
 * {@linkplain #token() fencing token}. A renewal that only timed out (the network, for a moment) is
 * retried: the lease is still valid until its expiry.
 *
 * <p>Thread-safe.
 */
public final class LeasedConnection implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(LeasedConnection.class);

    private final PoolClient client;
    /** The session the lease was granted to: the only one the server honours its token for. */
    private final PoolSession session;
    private final long token;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Lease lease;
    /** Why the lease was lost; null while it is held. */
    private volatile String lostReason;

    LeasedConnection(PoolClient client, PoolSession session, Lease lease) {
        this.client = client;
        this.session = session;
        this.lease = lease;
        this.token = lease.token();
    }

    /** The pooled connection's id, {@code 0 .. max-1}. */
    public int connectionId() {
        return lease.connectionId();
    }

    /** The client whose session holds the lease. */
    PoolClient client() {
        return client;
    }

    /** The {@code host:port} of the server that granted the lease (and alone honours it). */
    public String server() {
        return client.settings().endpoint();
    }

    /** The lease's fencing token. */
    public long token() {
        return token;
    }

    /**
     * The lease as last known: after a renewal, as the server renewed it; before the first, with the
     * expiry estimated by this client (its clock when it asked for the lease, plus the server's TTL:
     * the server's deadline is no earlier).
     */
    public Lease lease() {
        return lease;
    }

    /** Whether the server took the lease back (or forgot it) before it was released. */
    public boolean isLost() {
        return lostReason != null;
    }

    /** Why the lease was lost, or {@code null} while it is held. */
    public String lostReason() {
        return lostReason;
    }

    /** Marks the lease lost, once, and says so. */
    private void lose(String why) {
        if (lostReason == null && !closed.get()) {
            lostReason = why;
            LOG.warn("lost the lease on connection {} (token {}): {}", connectionId(), token, why);
        }
    }

    /** Runs a call on the lease's session; a failure that says the lease is gone marks it lost. */
    private <T> T onLease(PoolClient.SessionCall<T> call) throws PoolException, ServerUnreachableException {
        ensureUsable();
        try {
            return client.call(session, call);
        } catch (LeaseNotHeldException | SessionClosedException e) {
            lose(e.getMessage());
            throw e;
        } catch (ServerUnreachableException e) {
            if (RemoteFailures.sessionGone(e)) {
                lose(e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Runs one SQL statement on this connection, binding {@code params} to its {@code ?} placeholders in
     * order. A parameter is null or one of {@link io.rmipool.api.SqlValues#TYPES}: {@code String},
     * {@code Long}, {@code BigDecimal}, {@code byte[]}, {@code LocalDate} and the like.
     *
     * @return the update count, or the rows (at most the server's {@code --max-result-rows})
     * @throws IllegalArgumentException when a parameter has another type; nothing is sent
     * @throws io.rmipool.api.SqlFailedException when the database refused the statement
     * @throws io.rmipool.api.ResultTooLargeException when the result has more rows than the server allows
     * @throws io.rmipool.api.DatabaseUnavailableException when the server cannot reach the database
     * @throws LeaseNotHeldException when the server no longer holds this lease
     * @throws IllegalStateException when this connection was closed
     */
    public SqlResult execute(String sql, Object... params) throws PoolException, ServerUnreachableException {
        SqlParameters parameters = SqlParameters.of(params);
        return onLease(s -> s.execute(token, sql, parameters));
    }

    /**
     * {@link #execute} with the statement's own limits, as {@link java.sql.Statement#setMaxRows} and
     * {@link java.sql.Statement#setQueryTimeout} set them.
     *
     * @param maxRows rows beyond this many are dropped silently; 0 for none (the server's own limit applies)
     * @param queryTimeoutSeconds the database cancels the statement after this long; 0 for the server's
     *     statement timeout, which is also the most it allows
     */
    public SqlResult execute(String sql, int maxRows, int queryTimeoutSeconds, List<?> params)
            throws PoolException, ServerUnreachableException {
        SqlParameters parameters = SqlParameters.of(params.toArray());
        return onLease(s -> s.execute(token, sql, parameters, maxRows, queryTimeoutSeconds));
    }

    /**
     * One of {@link java.sql.DatabaseMetaData}'s catalog queries on this connection (see
     * {@link PoolSession#catalog}), e.g. {@code catalog("getTables", List.of(null, "PUBLIC", "T%", "TABLE"))}.
     */
    public SqlResult catalog(String query, List<?> args) throws PoolException, ServerUnreachableException {
        SqlParameters parameters = SqlParameters.of(args.toArray());
        return onLease(s -> s.catalog(token, query, parameters));
    }

    /**
     * {@link java.sql.Connection#setTransactionIsolation} on this connection; the server restores the
     * connection's default isolation when it is released.
     *
     * @param level one of {@code java.sql.Connection.TRANSACTION_*} but {@code NONE}
     */
    public void setTransactionIsolation(int level) throws PoolException, ServerUnreachableException {
        onLease(s -> {
            s.setTransactionIsolation(token, level);
            return null;
        });
    }

    /**
     * {@link java.sql.Connection#setAutoCommit} on this connection. The server turns auto-commit back on
     * (and rolls back) when the connection is released.
     *
     * @throws IllegalStateException when this connection was closed
     */
    public void setAutoCommit(boolean autoCommit) throws PoolException, ServerUnreachableException {
        onLease(s -> {
            s.setAutoCommit(token, autoCommit);
            return null;
        });
    }

    /**
     * {@link java.sql.Connection#commit} on this connection.
     *
     * @throws IllegalStateException when this connection was closed
     */
    public void commit() throws PoolException, ServerUnreachableException {
        onLease(s -> {
            s.commit(token);
            return null;
        });
    }

    /**
     * {@link java.sql.Connection#rollback} on this connection.
     *
     * @throws IllegalStateException when this connection was closed
     */
    public void rollback() throws PoolException, ServerUnreachableException {
        onLease(s -> {
            s.rollback(token);
            return null;
        });
    }

    /**
     * A closed connection was released: its token is dead on the server, so a call would only come back
     * refused. Failing here tells the caller the bug is theirs, not the server's. A lost one fails with
     * the reason it was lost.
     */
    private void ensureUsable() throws LeaseNotHeldException {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
        String why = lostReason;
        if (why != null) {
            throw new LeaseNotHeldException("the lease on connection " + connectionId() + " (token " + token
                    + ") was lost: " + why);
        }
    }

    /**
     * Renews the lease once, waiting at most {@code wait} for the answer; called by the client's renewal
     * thread. Never throws.
     */
    void renew(Duration wait) {
        if (closed.get() || lostReason != null) {
            return;
        }
        try (CallDeadline.Scope deadline = CallDeadline.start(wait)) {
            lease = session.renew(token);
        } catch (PoolException e) {
            // The server took the lease back, or the session itself is gone: no renewal can succeed.
            // After close() a renewal already in flight may race the release; that is not a loss.
            lose(e.getMessage());
        } catch (RemoteException e) {
            if (RemoteFailures.sessionGone(e)) {
                lose(RemoteFailures.reason(e)); // the server restarted or ended the session
                return;
            }
            // The lease stays valid until it expires; the next renewal may get through.
            LOG.warn("renewing the lease on connection {} failed, will retry: {}", connectionId(), e.getMessage());
        } catch (RuntimeException e) {
            // An exception escaping the client's scheduled task would silently stop every renewal.
            LOG.warn("renewing the lease on connection {} failed, will retry", connectionId(), e);
        }
    }

    /**
     * Stops renewing and releases the connection. Idempotent. A lease the server already took back is
     * logged at WARN, not thrown: there is nothing left to give back.
     *
     * @throws ServerUnreachableException when the release could not be delivered; the server takes the
     *     connection back when the lease's TTL runs out
     */
    @Override
    public void close() throws PoolException, ServerUnreachableException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        client.forget(this);
        if (lostReason != null) {
            return;
        }
        try {
            client.call(session, s -> s.release(token));
        } catch (LeaseNotHeldException | SessionClosedException e) {
            LOG.warn("connection {} (token {}) was already taken back by the server: {}",
                    connectionId(), token, e.getMessage());
        }
    }

    /** Marks the connection closed without a remote call: the client's logout released it. */
    void abandon() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "connection(id=" + connectionId() + ")";
    }
}
