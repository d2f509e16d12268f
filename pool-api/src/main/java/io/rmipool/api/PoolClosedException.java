package io.rmipool.api;

/** The server is shutting down and grants no more leases. */
public final class PoolClosedException extends PoolException {
    private static final long serialVersionUID = 1L;

    public PoolClosedException(String message) {
        super(message);
    }
}
