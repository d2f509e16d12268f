package io.rmipool.server.rmi;

import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.TooManySessionsException;
import io.rmipool.api.transport.EndpointSocketFactory;
import io.rmipool.api.transport.SessionCredential;
import io.rmipool.api.transport.WireFilter;
import io.rmipool.server.admin.PoolAdministration;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.metrics.PoolMetrics;
import io.rmipool.server.net.GuardedServerSocketFactory;
import io.rmipool.server.net.InboundConnection;
import io.rmipool.server.net.NetSettings;
import io.rmipool.server.net.Refusals;
import io.rmipool.server.pool.ConnectionPool;
import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The RMI adapter: puts a {@link ConnectionPool} on the network.
 *
 * <p>It creates its own registry and exports the gateway and every session on that <em>one</em>
 * port, so a single port mapping (Docker, a firewall rule) is all a client needs. RMI shares a
 * listening port between exports whose socket factories are equal, hence one
 * {@link EndpointSocketFactory} and one {@link GuardedServerSocketFactory} for all of them: the latter
 * listens on the bind address only, speaks TLS when configured, caps connections, runs each
 * connection's handshake and inspects its calls (see {@code io.rmipool.server.net}).
 *
 * <p>Every export has its own serialization filter: the gateway's admits small byte arrays only, a
 * session's the SQL parameters within the call's byte budget. A rejected payload is counted and logged
 * (in aggregate) with the caller's address. Sessions are capped in number ({@link SessionSettings}) and
 * closed after their idle timeout by a housekeeping thread, which also logs the refusal summaries.
 *
 * <p>Thread-safe: sessions are exported and unexported from RMI threads concurrently.
 */
public final class RmiPoolServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(RmiPoolServer.class);
    /** The connect timeout clients use for every connection to this server (JDK 17 has no default). */
    private static final int CLIENT_CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long HOUSEKEEPING_PERIOD_MILLIS = 1_000;
    private static final long REFUSAL_SUMMARY_PERIOD_SECONDS = 60;

    private final int port;
    private final String name;
    private final ConnectionPool pool;
    private final PoolMetrics metrics;
    private final SqlRunner sqlRunner;
    private final SessionSettings sessionSettings;
    private final LongSupplier ticker = System::nanoTime;
    private final Refusals refusals = new Refusals();
    private final Sessions sessions;
    private final EndpointSocketFactory clientSockets = new EndpointSocketFactory(CLIENT_CONNECT_TIMEOUT_MILLIS);
    private final GuardedServerSocketFactory serverSockets;
    private final WireFilter gatewayFilter = WireFilter.forGateway(
            why -> refusals.refuse("rejected payload", "before login: " + why));
    private final WireFilter sessionFilter;
    /** An admin session's calls carry primitives only: nothing to deserialize, as before login. */
    private final WireFilter adminFilter = WireFilter.forGateway(
            why -> refusals.refuse("rejected payload", "on an admin session: " + why));
    private final PoolAdministration administration;
    private final AtomicLong sessionNumbers = new AtomicLong();
    private final ScheduledExecutorService housekeeper;
    private final Registry registry;
    private final Gateway gateway;

    /**
     * Creates the registry on {@code port}, exports the gateway there and binds it as {@code name}.
     * {@code java.rmi.server.hostname} must already name the host clients should reach (it is
     * written into every stub).
     *
     * @param secret the shared secret for logins, or null to accept any client (loopback only: the
     *     caller checks)
     * @param admin the admin secret and what admins may do, or null: admin logins are refused
     * @throws RemoteException when the port cannot be listened on (e.g. already in use)
     */
    public RmiPoolServer(int port, String name, byte[] secret, ConnectionPool pool, SqlRunner sqlRunner,
                         NetSettings net, SessionSettings sessionSettings, PoolMetrics metrics, AdminRole admin)
            throws RemoteException {
        this.port = port;
        this.metrics = metrics;
        this.name = name;
        this.pool = pool;
        this.sqlRunner = sqlRunner;
        this.sessionSettings = sessionSettings;
        this.sessions = new Sessions(sessionSettings);
        this.serverSockets = new GuardedServerSocketFactory(net, sessions, refusals);
        this.sessionFilter = WireFilter.forSession(net.maxSessionCallBytes(), InboundConnection::currentRemainingCallBytes,
                why -> refusals.refuse("rejected payload", "on a session: " + why));
        if (secret == null) {
            LOG.warn("no shared secret configured (--secret-file, POOL_SECRET_FILE or POOL_SECRET): any client "
                    + "that can reach {} may log in", net.bindAddress().getHostAddress());
        }
        this.administration = admin == null ? null : admin.administration();
        this.gateway = new Gateway(secret, admin == null ? null : admin.secret(), new Challenges(ticker),
                new LoginThrottle(ticker), this::openSession, this::openAdminSession, refusals, metrics);
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rmi-housekeeper");
            t.setDaemon(true);
            return t;
        });
        this.registry = LocateRegistry.createRegistry(port, clientSockets, serverSockets);
        try {
            PoolGateway stub = (PoolGateway) UnicastRemoteObject.exportObject(gateway, port, clientSockets,
                    serverSockets, gatewayFilter);
            registry.bind(name, stub);
        } catch (RemoteException | java.rmi.AlreadyBoundException e) {
            close();
            throw e instanceof RemoteException ? (RemoteException) e : new RemoteException("bind failed", e);
        }
        housekeeper.scheduleWithFixedDelay(this::closeIdleSessions, HOUSEKEEPING_PERIOD_MILLIS,
                HOUSEKEEPING_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        housekeeper.scheduleWithFixedDelay(refusals::summarize, REFUSAL_SUMMARY_PERIOD_SECONDS,
                REFUSAL_SUMMARY_PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private PoolSession openSession(String clientId, SessionCredential credential)
            throws TooManySessionsException, RemoteException {
        sessions.reserve(clientId);
        String holder = clientId + "#" + sessionNumbers.incrementAndGet();
        Session session = new Session(clientId, holder, credential, pool, sqlRunner, refusals, ticker, metrics,
                this::ended);
        try {
            PoolSession stub = (PoolSession) UnicastRemoteObject.exportObject(session, port, clientSockets,
                    serverSockets, sessionFilter);
            sessions.add(session);
            return stub;
        } catch (RemoteException | RuntimeException e) {
            sessions.release(clientId);
            throw e;
        }
    }

    private PoolAdmin openAdminSession(String clientId, SessionCredential credential)
            throws TooManySessionsException, RemoteException {
        sessions.reserve(clientId);
        String holder = "admin:" + clientId + "#" + sessionNumbers.incrementAndGet();
        AdminSession session = new AdminSession(clientId, holder, credential, administration, pool, refusals, ticker,
                this::ended);
        try {
            PoolAdmin stub = (PoolAdmin) UnicastRemoteObject.exportObject(session, port, clientSockets,
                    serverSockets, adminFilter);
            sessions.add(session);
            return stub;
        } catch (RemoteException | RuntimeException e) {
            sessions.release(clientId);
            throw e;
        }
    }

    /**
     * The admin role: its secret (at least {@link io.rmipool.api.config.Secrets#MIN_BYTES}, not the
     * clients' secret: the caller checks) and the operations it may run.
     */
    public record AdminRole(byte[] secret, PoolAdministration administration) {
    }

    private void ended(BoundSession session) {
        sessions.remove(session);
        sessions.release(session.clientId());
        unexportQuietly((java.rmi.Remote) session); // every session is a Session or an AdminSession: both remote
    }

    private void closeIdleSessions() {
        try {
            long cutoff = ticker.getAsLong() - sessionSettings.idleTimeout().toNanos();
            for (BoundSession s : sessions.idleSince(cutoff)) {
                s.end("no call for " + sessionSettings.idleTimeout().toSeconds() + " s (--session-idle-timeout)");
            }
        } catch (RuntimeException e) {
            // an exception escaping a scheduled task would stop every later round
            LOG.error("closing idle sessions failed; will retry", e);
        }
    }

    /** Sessions open now. */
    int sessionCount() {
        return sessions.size();
    }

    /** Client connections open now. */
    public int openConnections() {
        return serverSockets.openConnections();
    }

    /** Unbinds the gateway and unexports everything: clients get "no such object" from here on. */
    @Override
    public void close() {
        housekeeper.shutdownNow();
        try {
            registry.unbind(name);
        } catch (RemoteException | NotBoundException e) {
            LOG.debug("unbind of '{}' failed: {}", name, e.toString());
        }
        unexportQuietly(gateway);
        sessions.all().forEach(s -> s.end("server stopping"));
        unexportQuietly(registry);
        refusals.summarize();
    }

    private static void unexportQuietly(java.rmi.Remote object) {
        try {
            UnicastRemoteObject.unexportObject(object, true);
        } catch (NoSuchObjectException e) {
            // already unexported: nothing to do
        }
    }
}
