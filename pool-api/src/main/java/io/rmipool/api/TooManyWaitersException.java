package io.rmipool.api;

/** The number of callers waiting for a connection is at the server's limit (--max-waiters). */
public final class TooManyWaitersException extends PoolException {
    private static final long serialVersionUID = 1L;

    public TooManyWaitersException(String message) {
        super(message);
    }
}
