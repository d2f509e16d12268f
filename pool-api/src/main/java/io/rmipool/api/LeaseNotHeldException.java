package io.rmipool.api;

/** A lease token that is not held by the caller: expired, released, never granted, or another client's. */
public final class LeaseNotHeldException extends PoolException {
    private static final long serialVersionUID = 1L;

    public LeaseNotHeldException(String message) {
        super(message);
    }
}
