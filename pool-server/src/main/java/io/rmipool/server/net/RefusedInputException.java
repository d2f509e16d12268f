package io.rmipool.server.net;

import java.io.IOException;

/** Input a connection refused; the connection is closed. {@link #kind()} groups it in the logs. */
final class RefusedInputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    RefusedInputException(String kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    String kind() {
        return kind;
    }
}
