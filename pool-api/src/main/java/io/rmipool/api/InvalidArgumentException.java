package io.rmipool.api;

/** A remote argument out of its documented range. */
public final class InvalidArgumentException extends PoolException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(message);
    }
}
