package io.rmipool.api;

/**
 * A login was refused because the server already holds as many sessions as it allows, in all
 * ({@code --max-sessions}) or for this client id ({@code --max-sessions-per-client}). Sessions end on
 * logout or after {@code --session-idle-timeout} without a call.
 */
public final class TooManySessionsException extends PoolException {
    private static final long serialVersionUID = 1L;

    public TooManySessionsException(String message) {
        super(message);
    }
}
