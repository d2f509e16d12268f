package io.rmipool.api;

/** Login failed, or the session was closed. */
public final class NotAuthenticatedException extends PoolException {
    private static final long serialVersionUID = 1L;

    public NotAuthenticatedException(String message) {
        super(message);
    }
}
