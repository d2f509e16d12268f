package io.rmipool.api;

/** The server cannot do what was asked: e.g. admin controls on the seed's unsafe pool. */
public final class NotSupportedException extends PoolException {
    private static final long serialVersionUID = 1L;

    public NotSupportedException(String message) {
        super(message);
    }
}
