package io.rmipool.api;

/**
 * A call on a session that has ended: the client logged out, or the session had no call for longer
 * than the server's {@code --session-idle-timeout}. Its leases were released when it ended. The client
 * library logs in again by itself for a new lease; a lease of the old session is lost.
 */
public final class SessionClosedException extends PoolException {
    private static final long serialVersionUID = 1L;

    public SessionClosedException(String message) {
        super(message);
    }
}
