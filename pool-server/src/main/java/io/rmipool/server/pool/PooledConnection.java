package io.rmipool.server.pool;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One slot of the pool: a real JDBC connection (or none while it is being replaced) and the lease
 * that holds it, if any.
 *
 * <p>Not thread-safe on its own: every field is guarded by the owning pool's lock, except that the
 * thread which moved a slot into a transient state ({@code CHECKING}, {@code RESETTING},
 * {@code OPENING}) owns its {@code connection} until it moves it on. ({@link UnsafeConnectionPool}
 * guards nothing, deliberately.)
 */
final class PooledConnection {

    /**
     * The slot's life. Owned states (one thread works on the connection outside the lock):
     * <pre>
     *   OPENING ──▶ IDLE ──▶ CHECKING ──▶ LEASED ──▶ RESETTING ──▶ IDLE
     *      ▲         │  (validate before      │  (rollback, restore,
     *      │         │   lease / keepalive)   │   validate on release)
     *      │         ▼                        ▼
     *      └──── BROKEN ◀──── any failed check, reset or open; the maintainer reopens it
     * </pre>
     */
    enum State { OPENING, IDLE, CHECKING, LEASED, RESETTING, BROKEN }

    final int id;
    Connection connection;
    /** The isolation level the connection had when opened; restored after every dirty lease. */
    int defaultIsolation;
    State state;
    /** When this connection is to be replaced (max lifetime minus jitter), on the pool's ticker. */
    long retireAtNanos;
    /** When the connection last proved alive (opened, validated, or used by a lease), on the ticker. */
    long lastAliveNanos;

    // --- the current lease, while LEASED ---
    /** The session holding the lease. */
    String holder;
    /** The fencing token of the lease. */
    long token;
    /** When the lease expires unless renewed, on the pool's ticker. */
    long deadlineNanos;
    /** Remote calls running on the connection right now; the lease cannot expire or be reset under them. */
    int activeCalls;
    /** Whether the holder ran anything on the connection, so that it needs a reset. */
    boolean dirty;
    /** The lease ended (released or expired) while calls were active; the last call finishes the return. */
    boolean endedWhileActive;

    PooledConnection(int id) {
        this.id = id;
        this.state = State.OPENING;
    }

    void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection we are giving up on: nothing left to do with it
        }
    }

    @Override
    public String toString() {
        return "connection(id=" + id + ")";
    }
}
