package io.rmipool.server.pool;

import io.rmipool.server.jdbc.JdbcConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One slot of the pool: a real JDBC connection and the lease that holds it, if any.
 *
 * <p>Not thread-safe on its own: every field is guarded by the owning pool's lock (for
 * {@link UnsafeConnectionPool}, deliberately by nothing).
 */
final class PooledConnection {

    /**
     * The slot's life: {@code IDLE -> LEASED -> RESETTING -> IDLE}; a slot whose connection cannot
     * be reset goes to {@code BROKEN} and stays out of circulation.
     */
    enum State { IDLE, LEASED, RESETTING, BROKEN }

    final int id;
    final Connection connection;
    State state = State.IDLE;
    /** The session holding the lease while LEASED. */
    String holder;
    /** The fencing token of the current lease while LEASED. */
    long token;
    /** When the current lease expires, on the pool's ticker (nanoseconds). */
    long deadlineNanos;

    PooledConnection(int id, Connection connection) {
        this.id = id;
        this.connection = connection;
    }

    /**
     * Opens {@code count} connections with ids {@code 0 .. count-1}; on failure closes those already
     * opened and rethrows.
     */
    static List<PooledConnection> openAll(JdbcConnector connector, int count) throws SQLException {
        List<PooledConnection> slots = new ArrayList<>(count);
        try {
            for (int id = 0; id < count; id++) {
                slots.add(new PooledConnection(id, connector.open()));
            }
            return slots;
        } catch (SQLException e) {
            slots.forEach(PooledConnection::closeQuietly);
            throw e;
        }
    }

    void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown or after a failure: nothing left to do with this connection
        }
    }

    @Override
    public String toString() {
        return "connection(id=" + id + ")";
    }
}
