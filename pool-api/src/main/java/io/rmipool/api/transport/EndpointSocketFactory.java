package io.rmipool.api.transport;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;

/**
 * The client socket factory of the registry and of every object the server exports. The server
 * creates it; RMI serializes it into each stub, and the client calls it to open connections.
 *
 * <p>On the client, a factory takes its behaviour from the {@link ClientTransport} in force on the
 * thread that deserializes it (see {@link #deserializingFor}): the transport sends every connection to
 * the address the user gave, whatever the stub names (Docker, NAT), with a connect timeout, over TLS
 * when configured, and opens it with the {@link ConnectionHello} — anonymous for the registry and the
 * gateway, bound to the session for a session's stub. The factory's serialized form carries only the
 * connect timeout: nothing the server sends can choose where or how the client connects.
 *
 * <p>RMI shares one listening port between objects exported with <em>equal</em> factories, and pools
 * client connections per (host, port, factory): hence {@link #equals}, which on the client also tells
 * apart the transports and sessions (so a session's connections are never used for another).
 *
 * <p>Immutable once deserialized, and thread-safe.
 */
public final class EndpointSocketFactory implements RMIClientSocketFactory, Serializable {
    private static final long serialVersionUID = 2L;

    /** What stubs deserialized on this thread are for; see {@link #deserializingFor}. */
    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();

    private final int connectTimeoutMillis;
    /** How connections are made; null on the server, and for a stub deserialized outside any scope. */
    private transient ClientTransport transport;
    /** The session the stub belongs to; null for anonymous connections. */
    private transient SessionCredential credential;

    public EndpointSocketFactory(int connectTimeoutMillis) {
        if (connectTimeoutMillis <= 0) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** A factory for the client's own registry stub, which is not deserialized but built locally. */
    static EndpointSocketFactory forRegistry(ClientTransport transport) {
        EndpointSocketFactory f = new EndpointSocketFactory(transport.connectTimeoutMillis());
        f.transport = transport;
        return f;
    }

    /** What a remote call that returns stubs binds them to, and how many of our factories it saw. */
    static final class Scope {
        final ClientTransport transport;
        final SessionCredential credential;
        int factoriesSeen;

        Scope(ClientTransport transport, SessionCredential credential) {
            this.transport = transport;
            this.credential = credential;
        }
    }

    /** A remote call that returns stubs. */
    interface StubCall<T, E extends Exception> {
        T call() throws E, java.rmi.RemoteException;
    }

    /**
     * Runs {@code call} so that every stub it deserializes on this thread connects through the scope's
     * transport, for the scope's session (none: anonymous); the scope counts our factories it saw.
     */
    static <T, E extends Exception> T deserializingFor(Scope scope, StubCall<T, E> call)
            throws E, java.rmi.RemoteException {
        Scope previous = SCOPE.get();
        SCOPE.set(scope);
        try {
            return call.call();
        } finally {
            if (previous == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(previous);
            }
        }
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        ClientTransport t = transport != null ? transport : ClientTransport.direct(connectTimeoutMillis);
        return t.open(host, port, credential);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (connectTimeoutMillis <= 0) {
            throw new InvalidObjectException("connect timeout must be positive");
        }
        Scope scope = SCOPE.get();
        if (scope != null) {
            transport = scope.transport;
            credential = scope.credential;
            scope.factoriesSeen++;
        }
    }

    @Override
    public boolean equals(Object o) {
        // transports and credentials are compared by identity: one per client and per session
        return o instanceof EndpointSocketFactory
                && ((EndpointSocketFactory) o).connectTimeoutMillis == connectTimeoutMillis
                && ((EndpointSocketFactory) o).transport == transport
                && ((EndpointSocketFactory) o).credential == credential;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * connectTimeoutMillis + System.identityHashCode(transport)) + System.identityHashCode(credential);
    }

    @Override
    public String toString() {
        return "EndpointSocketFactory[connectTimeout=" + connectTimeoutMillis + "ms"
                + (transport == null ? "" : ", " + transport) + (credential == null ? "" : ", " + credential) + "]";
    }
}
