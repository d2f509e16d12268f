package io.rmipool.api.transport;

import java.io.IOException;

/**
 * The server refused a connection for a session it does not know: the session ended (logout, idle
 * timeout) or the server restarted. The client must log in again; its old leases are gone.
 */
public final class SessionRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public SessionRefusedException() {
        super("the server does not know this session any more (it ended or the server restarted): log in again");
    }
}
