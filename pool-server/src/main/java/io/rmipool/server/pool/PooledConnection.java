package io.rmipool.server.pool;

import java.sql.Connection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One slot of the pool: a real JDBC connection (or none while it is being replaced) and the lease
 * that holds it, if any.
 *
 * <p>Not thread-safe on its own: every field is guarded by the {@link PoolLedger}'s lock, except that
 * the thread which moved a slot into an {@linkplain SlotState#isOwned() owned} state owns its
 * {@code connection}, {@code defaultIsolation}, {@code retireAtNanos} and {@code lastAliveNanos} until
 * it moves the slot on (under the lock, which publishes what it wrote). ({@link UnsafeConnectionPool}
 * guards nothing, deliberately.)
 */
final class PooledConnection {
    final int id;
    /**
     * Serializes the remote calls of one lease on the connection, in arrival order (a fair lock): JDBC
     * connections are not meant for concurrent use, and two client threads may share one lease.
     */
    final ReentrantLock callLock = new ReentrantLock(true);

    Connection connection;
    /** The isolation level the connection had when opened; restored after every dirty lease. */
    int defaultIsolation;
    SlotState state = SlotState.OPENING;
    /** When this connection is to be replaced (max lifetime minus jitter), on the pool's ticker. */
    long retireAtNanos;
    /** When the connection last proved alive (opened, validated, or used by a lease), on the ticker. */
    long lastAliveNanos;
    /** The pool's eviction generation when the connection was opened (guarded by the ledger's lock). */
    int generation;

    // --- the current lease, while LEASED ---
    /** The session holding the lease. */
    String holder;
    /** The fencing token of the lease (of the last one, once it ended). */
    long token;
    /** When the lease expires unless renewed, on the pool's ticker. */
    long deadlineNanos;
    /** When the lease was granted, on the pool's ticker: how long it was held is counted when it ends. */
    long grantedNanos;
    /** Remote calls admitted on the connection (running or queued); the lease cannot expire or be reset under them. */
    int activeCalls;
    /** Whether the holder ran anything on the connection, so that it needs a reset. */
    boolean dirty;
    /** The lease ended (released or expired) while calls were active; the last call finishes the return. */
    boolean endedWhileActive;

    PooledConnection(int id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "connection(id=" + id + ")";
    }
}
