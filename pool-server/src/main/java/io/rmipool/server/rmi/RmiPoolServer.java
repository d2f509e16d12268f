package io.rmipool.server.rmi;

import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.transport.EndpointSocketFactory;
import io.rmipool.api.transport.WireFilter;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.pool.ConnectionPool;
import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The RMI adapter: puts a {@link ConnectionPool} on the network.
 *
 * <p>It creates its own registry and exports the gateway and every session on that <em>one</em>
 * port, so a single port mapping (Docker, a firewall rule) is all a client needs. RMI shares a
 * listening port between exports whose socket factories are equal, hence the one
 * {@link EndpointSocketFactory} instance for all of them. Every export carries the
 * {@link WireFilter} for call arguments; a rejected payload is counted and logged with the caller's
 * address.
 *
 * <p>Thread-safe: sessions are exported and unexported from RMI threads concurrently.
 */
public final class RmiPoolServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(RmiPoolServer.class);
    /** The connect timeout clients use for every connection to this server (JDK 17 has no default). */
    private static final int CLIENT_CONNECT_TIMEOUT_MILLIS = 5_000;

    private final int port;
    private final String name;
    private final ConnectionPool pool;
    private final SqlRunner sqlRunner;
    private final Refusals refusals = new Refusals();
    private final EndpointSocketFactory socketFactory = new EndpointSocketFactory(CLIENT_CONNECT_TIMEOUT_MILLIS);
    private final WireFilter filter = WireFilter.forCallArguments(
            why -> refusals.refuse("payload rejected by the serialization filter: " + why));
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Registry registry;
    private final Gateway gateway;

    /**
     * Creates the registry on {@code port}, exports the gateway there and binds it as {@code name}.
     * {@code java.rmi.server.hostname} must already name the host clients should reach (it is
     * written into every stub).
     *
     * @param secret the shared secret for logins, or null to accept any client
     * @throws RemoteException when the port cannot be listened on (e.g. already in use)
     */
    public RmiPoolServer(int port, String name, byte[] secret, ConnectionPool pool, SqlRunner sqlRunner)
            throws RemoteException {
        this.port = port;
        this.name = name;
        this.pool = pool;
        this.sqlRunner = sqlRunner;
        if (secret == null) {
            LOG.warn("no shared secret configured (--secret-file or POOL_SECRET): any client can log in");
        }
        this.gateway = new Gateway(secret, new Challenges(System::nanoTime), this::exportSession, refusals);
        this.registry = LocateRegistry.createRegistry(port, socketFactory, null);
        try {
            PoolGateway stub = (PoolGateway) UnicastRemoteObject.exportObject(gateway, port, socketFactory, null, filter);
            registry.bind(name, stub);
        } catch (RemoteException | java.rmi.AlreadyBoundException e) {
            close();
            throw e instanceof RemoteException ? (RemoteException) e : new RemoteException("bind failed", e);
        }
    }

    private PoolSession exportSession(String clientId, String holder) throws RemoteException {
        Session session = new Session(holder, pool, sqlRunner, refusals, this::unexport);
        PoolSession stub = (PoolSession) UnicastRemoteObject.exportObject(session, port, socketFactory, null, filter);
        sessions.add(session);
        return stub;
    }

    private void unexport(Session session) {
        sessions.remove(session);
        unexportQuietly(session);
    }

    /** Unbinds the gateway and unexports everything: clients get "no such object" from here on. */
    @Override
    public void close() {
        try {
            registry.unbind(name);
        } catch (RemoteException | NotBoundException e) {
            LOG.debug("unbind of '{}' failed: {}", name, e.toString());
        }
        unexportQuietly(gateway);
        sessions.forEach(this::unexport);
        unexportQuietly(registry);
    }

    private static void unexportQuietly(java.rmi.Remote object) {
        try {
            UnicastRemoteObject.unexportObject(object, true);
        } catch (NoSuchObjectException e) {
            // already unexported: nothing to do
        }
    }
}
