package io.rmipool.api.transport;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The client socket factory of the registry and of every object the server exports. The server
 * creates it; RMI serializes it into each stub, and the client calls it to open connections.
 *
 * <p>It does two things plain sockets cannot:
 * <ul>
 *   <li><b>Connect timeout.</b> JDK 17 has no property for RMI's connect timeout; a dead or
 *       firewalled server would otherwise hang a client for the OS default (minutes).</li>
 *   <li><b>Routing.</b> A stub carries the server's own idea of its host and port ({@code --host},
 *       {@code --port}). Behind a port mapping (Docker, NAT) that address is not reachable from the
 *       client. A factory that is deserialized inside {@link #routedThrough(String, int, Callable)}
 *       remembers the address the client connected to, and then sends every connection of that stub
 *       there, whatever address the stub names. The client library wraps each call that returns
 *       a stub (registry lookup, login), so all stubs of one server go where the user pointed.</li>
 * </ul>
 *
 * <p>RMI shares one listening port between objects exported with <em>equal</em> factories, and
 * pools client connections per (host, port, factory): hence {@link #equals} and {@link #hashCode}
 * over every field, the route included.
 *
 * <p>Immutable once deserialized, and thread-safe.
 */
public final class EndpointSocketFactory implements RMIClientSocketFactory, Serializable {
    private static final long serialVersionUID = 1L;

    /** The route in force for stubs deserialized on this thread; see {@link #routedThrough}. */
    private static final ThreadLocal<InetSocketAddress> ROUTE_IN_SCOPE = new ThreadLocal<>();

    private final int connectTimeoutMillis;
    /** Where connections really go; null means the address the stub names. Set on the client only. */
    private transient InetSocketAddress route;

    public EndpointSocketFactory(int connectTimeoutMillis) {
        if (connectTimeoutMillis <= 0) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** A factory for the client's own registry stub, which is not deserialized but built locally. */
    public static EndpointSocketFactory routed(int connectTimeoutMillis, String host, int port) {
        EndpointSocketFactory f = new EndpointSocketFactory(connectTimeoutMillis);
        f.route = InetSocketAddress.createUnresolved(host, port);
        return f;
    }

    /**
     * Runs {@code call} (a remote call that returns stubs) so that every stub it deserializes on this
     * thread connects through {@code host:port}.
     */
    public static <T> T routedThrough(String host, int port, Callable<T> call) throws Exception {
        InetSocketAddress previous = ROUTE_IN_SCOPE.get();
        ROUTE_IN_SCOPE.set(InetSocketAddress.createUnresolved(host, port));
        try {
            return call.call();
        } finally {
            if (previous == null) {
                ROUTE_IN_SCOPE.remove();
            } else {
                ROUTE_IN_SCOPE.set(previous);
            }
        }
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        InetSocketAddress target = route == null
                ? new InetSocketAddress(host, port)
                : new InetSocketAddress(route.getHostString(), route.getPort());
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, connectTimeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (connectTimeoutMillis <= 0) {
            throw new java.io.InvalidObjectException("connect timeout must be positive");
        }
        route = ROUTE_IN_SCOPE.get();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointSocketFactory
                && ((EndpointSocketFactory) o).connectTimeoutMillis == connectTimeoutMillis
                && Objects.equals(((EndpointSocketFactory) o).route, route);
    }

    @Override
    public int hashCode() {
        return 31 * connectTimeoutMillis + Objects.hashCode(route);
    }

    @Override
    public String toString() {
        return "EndpointSocketFactory[connectTimeout=" + connectTimeoutMillis + "ms"
                + (route == null ? "" : ", route=" + route.getHostString() + ":" + route.getPort()) + "]";
    }
}
