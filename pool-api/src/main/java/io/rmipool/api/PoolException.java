package io.rmipool.api;

/** The checked failures the pool reports to a caller. Each subclass is one thing a user can meet. */
public abstract class PoolException extends Exception {
    private static final long serialVersionUID = 1L;

    protected PoolException(String message) {
        super(message);
    }
}
