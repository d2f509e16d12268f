package io.rmipool.api;

/** A result with more rows than the server's --max-result-rows. */
public final class ResultTooLargeException extends PoolException {
    private static final long serialVersionUID = 1L;

    public ResultTooLargeException(String message) {
        super(message);
    }
}
