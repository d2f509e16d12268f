package io.rmipool.client;

import io.rmipool.api.Lease;
import io.rmipool.api.PoolException;
import io.rmipool.api.LoginMac;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.PoolStats;
import io.rmipool.api.transport.EndpointSocketFactory;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A logged-in client of one pool server: leases connections, reads the pool's stats, and renews the
 * leases it handed out in the background.
 *
 * <pre>{@code
 * try (PoolClient client = PoolClient.connect(ClientSettings.of("db-pool.internal", 1099));
 *      LeasedConnection c = client.lease(Duration.ofSeconds(5))) {
 *     ... c.connectionId() ...
 * }
 * }</pre>
 *
 * <p>Every stub this client obtains connects through the {@code host:port} of its settings, whatever
 * address the server advertises, so a client works through Docker port mappings and NAT.
 *
 * <p>Thread-safe: one client may lease from many threads. All of its open leases are renewed together
 * by one daemon thread every TTL/3, so leasing and releasing touch only a concurrent set: no task is
 * scheduled or cancelled per lease (on a 2-core machine the wake-ups that would cost halved the lease
 * rate). A renewal that hangs on the network delays the others; the TTL/3 period leaves room for that.
 */
public final class PoolClient implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(PoolClient.class);
    private static final AtomicInteger CLIENT_NUMBER = new AtomicInteger();

    /** Renewing more often than this would only load the server. */
    private static final long MIN_RENEW_PERIOD_MILLIS = 10;

    private final ClientSettings settings;
    private final PoolSession session;
    private final ScheduledExecutorService renewer;
    /** Started by the first lease, which tells the server's TTL. */
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final Set<LeasedConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PoolClient(ClientSettings settings, PoolSession session) {
        this.settings = settings;
        this.session = session;
        int number = CLIENT_NUMBER.incrementAndGet();
        this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "pool-client-" + number + "-renewer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Looks the gateway up in the server's registry and logs in.
     *
     * @throws ServerUnreachableException when the server cannot be reached or has nothing bound under the name
     * @throws io.rmipool.api.NotAuthenticatedException when the server refused the login (wrong secret)
     */
    public static PoolClient connect(ClientSettings settings) throws ServerUnreachableException, PoolException {
        String host = settings.host();
        int port = settings.port();
        String endpoint = settings.endpoint();
        try {
            Registry registry = LocateRegistry.getRegistry(host, port,
                    EndpointSocketFactory.routed((int) settings.connectTimeout().toMillis(), host, port));
            PoolGateway gateway = routed(settings, () -> (PoolGateway) registry.lookup(settings.name()));
            byte[] challenge = gateway.challenge();
            byte[] mac = LoginMac.compute(settings.secret(), challenge);
            PoolSession session = routed(settings, () -> gateway.login(settings.clientId(), challenge, mac));
            LOG.debug("logged in to {} as {}", endpoint, settings.clientId());
            return new PoolClient(settings, session);
        } catch (NotBoundException e) {
            throw RemoteFailures.notBound(endpoint, settings.name(), e);
        } catch (RemoteException e) {
            throw RemoteFailures.unreachable(endpoint, e);
        }
    }

    /**
     * Runs a call that returns stubs so that they connect through the user's {@code host:port}. Narrows
     * {@link EndpointSocketFactory#routedThrough}'s {@code Exception} back to what the calls throw.
     */
    private static <T> T routed(ClientSettings settings, Callable<T> call)
            throws PoolException, RemoteException, NotBoundException {
        try {
            return EndpointSocketFactory.routedThrough(settings.host(), settings.port(), call);
        } catch (PoolException | RemoteException | NotBoundException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected failure of a remote call", e);
        }
    }

    /**
     * Leases one connection; the lease is renewed in the background until the connection is closed.
     *
     * @param timeout how long to wait when no connection is idle; zero fails at once
     * @throws io.rmipool.api.PoolExhaustedException when no connection became free in time
     * @throws io.rmipool.api.TooManyWaitersException when too many callers are already waiting
     * @throws io.rmipool.api.PoolClosedException when the server is shutting down
     */
    public LeasedConnection lease(Duration timeout) throws PoolException, ServerUnreachableException {
        ensureOpen();
        Lease lease = call(s -> s.lease(timeout.toMillis()));
        LeasedConnection connection = new LeasedConnection(this, lease);
        open.add(connection);
        if (!renewing.get() && renewing.compareAndSet(false, true)) {
            startRenewing(lease.ttl());
        }
        LOG.debug("leased connection {} (token {}, ttl {})", lease.connectionId(), lease.token(), lease.ttl());
        return connection;
    }

    private void startRenewing(Duration ttl) {
        long period = Math.max(MIN_RENEW_PERIOD_MILLIS, ttl.toMillis() / 3);
        try {
            renewer.scheduleWithFixedDelay(() -> open.forEach(LeasedConnection::renew),
                    period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // close() ran while the lease call was in flight; its logout released this lease too
            throw new IllegalStateException("the client was closed during the lease call", e);
        }
    }

    /** A snapshot of the pool's gauges and counters. */
    public PoolStats stats() throws PoolException, ServerUnreachableException {
        ensureOpen();
        return call(PoolSession::stats);
    }

    /** A remote call on this client's session. */
    interface SessionCall<T> {
        T on(PoolSession session) throws PoolException, RemoteException;
    }

    /** Runs a call on the session; a transport failure becomes {@link ServerUnreachableException}. */
    <T> T call(SessionCall<T> call) throws PoolException, ServerUnreachableException {
        try {
            return call.on(session);
        } catch (RemoteException e) {
            throw RemoteFailures.unreachable(settings.endpoint(), e);
        }
    }

    /** The settings this client connected with. */
    public ClientSettings settings() {
        return settings;
    }

    PoolSession session() {
        return session;
    }

    void forget(LeasedConnection connection) {
        open.remove(connection);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
    }

    /**
     * Logs out, which makes the server release every lease this client still holds, and stops renewing.
     * Idempotent; leases still open are closed without another remote call.
     *
     * @throws ServerUnreachableException when the logout could not be delivered; the server then takes
     *     the leases back when their TTL runs out
     */
    @Override
    public void close() throws ServerUnreachableException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        renewer.shutdownNow();
        for (LeasedConnection connection : open) {
            connection.abandon();
        }
        open.clear();
        try {
            session.logout();
            LOG.debug("logged out of {}", settings.endpoint());
        } catch (RemoteException e) {
            throw RemoteFailures.unreachable(settings.endpoint(), e);
        }
    }
}
