package io.rmipool.client;

/**
 * The pool server could not be reached, or no longer knows this client: connection refused, unknown
 * host, connect timeout, connection lost mid-call, nothing bound under the expected name, or a
 * session the server has forgotten (it restarted). The message names the server's {@code host:port}.
 */
public final class ServerUnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String endpoint;

    public ServerUnreachableException(String endpoint, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
    }

    /** The {@code host:port} the client tried to reach. */
    public String endpoint() {
        return endpoint;
    }
}
