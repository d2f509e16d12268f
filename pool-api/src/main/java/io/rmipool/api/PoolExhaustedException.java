package io.rmipool.api;

/** No connection became idle within the caller's timeout. */
public final class PoolExhaustedException extends PoolException {
    private static final long serialVersionUID = 1L;

    public PoolExhaustedException(String message) {
        super(message);
    }
}
