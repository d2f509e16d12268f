package io.rmipool.api;

/** The database cannot be reached; the pool keeps trying to reconnect, with backoff. */
public final class DatabaseUnavailableException extends PoolException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message) {
        super(message);
    }
}
