package io.rmipool.client;

import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.Lease;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolSession;
import io.rmipool.api.PoolStats;
import io.rmipool.api.SessionClosedException;
import io.rmipool.api.transport.CallDeadline;
import io.rmipool.api.transport.ClientTransport;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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
 * address the server advertises, so a client works through Docker port mappings and NAT; over TLS
 * when the settings say so. The client accepts only a gateway and a session that a pool server
 * exported (see {@link ClientTransport}), and its session is bound to it: the server honours the
 * session's calls only on this client's connections.
 *
 * <p>No call waits forever: each waits at most {@link ClientSettings#callTimeout()} for the server's
 * answer (a {@code lease(t)} waits {@code t} more), so a server that stopped answering fails the call
 * with {@link ServerUnreachableException} instead of hanging it.
 *
 * <p>When the server closed the session (idle longer than its {@code --session-idle-timeout}) or no
 * longer knows it (it restarted), the next {@link #lease} or {@link #stats} logs in again by itself,
 * retrying with backoff (100 ms doubling to 2 s) for up to the call's wait or {@link #RELOGIN_WINDOW},
 * whichever is longer; leases of the old session are lost, never carried over.
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
    /** How long a new login after a server restart keeps being retried, at least. */
    static final Duration RELOGIN_WINDOW = Duration.ofSeconds(5);
    private static final long FIRST_RELOGIN_DELAY_MILLIS = 100;
    private static final long MAX_RELOGIN_DELAY_MILLIS = 2_000;

    private final ClientSettings settings;
    private final ClientTransport transport;
    /** The current session; replaced when the server closed or forgot it. */
    private volatile PoolSession session;
    private final ScheduledExecutorService renewer;
    /** Started by the first lease, which tells the server's TTL. */
    private final AtomicBoolean renewing = new AtomicBoolean();
    /** The server's lease TTL once asked; racing first leases may both ask, and get the same answer. */
    private volatile Duration leaseTtl;
    /** What database the server leads to, once asked; it does not change while the server runs. */
    private volatile DatabaseInfo databaseInfo;
    private final Set<LeasedConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PoolClient(ClientSettings settings, ClientTransport transport, PoolSession session) {
        this.settings = settings;
        this.transport = transport;
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
     * @throws ServerUnreachableException when the server cannot be reached (including a failed TLS
     *     handshake), has nothing bound under the name, or what is bound is not a pool server's gateway
     * @throws io.rmipool.api.NotAuthenticatedException when the server refused the login (wrong secret,
     *     or this address is locked out after failed logins)
     * @throws io.rmipool.api.TooManySessionsException when the server holds as many sessions as it allows
     */
    public static PoolClient connect(ClientSettings settings) throws ServerUnreachableException, PoolException {
        ClientTransport transport = settings.transport();
        return new PoolClient(settings, transport, logIn(settings, transport));
    }

    private static PoolSession logIn(ClientSettings settings, ClientTransport transport)
            throws ServerUnreachableException, PoolException {
        try (CallDeadline.Scope deadline = CallDeadline.start(settings.callTimeout())) {
            PoolSession session = transport.logIn(transport.gateway(settings.name()), settings.clientId(), settings.secret());
            LOG.debug("logged in to {} as {}", transport, settings.clientId());
            return session;
        } catch (NotBoundException e) {
            throw RemoteFailures.notBound(settings.endpoint(), settings.name(), e);
        } catch (RemoteException e) {
            throw RemoteFailures.unreachable(settings.endpoint(), e);
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
        PoolSession current = session;
        Duration wait = timeout.plus(settings.callTimeout());
        Duration ttl;
        Instant asked = Instant.now();
        long token;
        try {
            ttl = leaseTtl(current);
            token = call(current, wait, s -> s.lease(timeout.toMillis()));
        } catch (SessionClosedException | ServerUnreachableException e) {
            current = logInAgain(current, e, timeout);
            ttl = leaseTtl(current);
            asked = Instant.now();
            token = call(current, wait, s -> s.lease(timeout.toMillis()));
        }
        // The server granted the lease after we asked, so it expires no earlier than this.
        Lease lease = new Lease(Lease.connectionIdOf(token), token, asked.plus(ttl), ttl);
        LeasedConnection connection = new LeasedConnection(this, current, lease);
        open.add(connection);
        if (!renewing.get() && renewing.compareAndSet(false, true)) {
            startRenewing(ttl);
        }
        LOG.debug("leased connection {} (token {}, ttl {})", lease.connectionId(), token, ttl);
        return connection;
    }

    /**
     * The server's lease TTL, asked once per client (the first lease's only extra call): a lease call
     * answers with its token alone, see {@link Lease}.
     */
    private Duration leaseTtl(PoolSession current) throws PoolException, ServerUnreachableException {
        Duration ttl = leaseTtl;
        if (ttl == null) {
            ttl = Duration.ofMillis(call(current, settings.callTimeout(), PoolSession::leaseTtlMillis));
            leaseTtl = ttl;
        }
        return ttl;
    }

    /**
     * Logs in again when {@code failure} says the server closed or forgot {@code stale}; rethrows it
     * otherwise. Threads that meet the same stale session log in once between them. A server that is
     * not back yet (restarting) is retried with backoff for {@code wait} or {@link #RELOGIN_WINDOW},
     * whichever is longer; a refused login is not retried.
     */
    private PoolSession logInAgain(PoolSession stale, Exception failure, Duration wait)
            throws ServerUnreachableException, PoolException {
        if (!(failure instanceof SessionClosedException) && !RemoteFailures.sessionGone(failure)) {
            if (failure instanceof PoolException) {
                throw (PoolException) failure;
            }
            throw (ServerUnreachableException) failure;
        }
        synchronized (this) {
            if (session != stale) {
                return session;
            }
            LOG.info("the server closed or forgot this client's session ({}); logging in again", failure.getMessage());
            long deadline = System.nanoTime() + (wait.compareTo(RELOGIN_WINDOW) > 0 ? wait : RELOGIN_WINDOW).toNanos();
            long delayMillis = FIRST_RELOGIN_DELAY_MILLIS;
            while (true) {
                try {
                    session = logIn(settings, transport);
                    return session;
                } catch (ServerUnreachableException e) {
                    if (System.nanoTime() + delayMillis * 1_000_000 - deadline > 0) {
                        throw e;
                    }
                    LOG.debug("login again failed ({}); retrying in {} ms", e.getMessage(), delayMillis);
                    sleep(delayMillis);
                    delayMillis = Math.min(MAX_RELOGIN_DELAY_MILLIS, delayMillis * 2);
                }
            }
        }
    }

    /** The backoff between logins: a plain pause, not a synchronization. */
    private static void sleep(long millis) throws ServerUnreachableException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while logging in again", e);
        }
    }

    private void startRenewing(Duration ttl) {
        long period = Math.max(MIN_RENEW_PERIOD_MILLIS, ttl.toMillis() / 3);
        try {
            // each renewal waits at most one period: one stuck on a dead socket cannot hold up the others for long
            Duration wait = Duration.ofMillis(period);
            renewer.scheduleWithFixedDelay(() -> open.forEach(c -> c.renew(wait)),
                    period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // close() ran while the lease call was in flight; its logout released this lease too
            throw new IllegalStateException("the client was closed during the lease call", e);
        }
    }

    /** A snapshot of the pool's gauges and counters. */
    public PoolStats stats() throws PoolException, ServerUnreachableException {
        ensureOpen();
        PoolSession current = session;
        try {
            return call(current, PoolSession::stats);
        } catch (SessionClosedException | ServerUnreachableException e) {
            return call(logInAgain(current, e, settings.callTimeout()), PoolSession::stats);
        }
    }

    /** What database the server's connections lead to (asked once per client, then remembered). */
    public DatabaseInfo databaseInfo() throws PoolException, ServerUnreachableException {
        ensureOpen();
        DatabaseInfo known = databaseInfo;
        if (known != null) {
            return known;
        }
        PoolSession current = session;
        try {
            known = call(current, PoolSession::databaseInfo);
        } catch (SessionClosedException | ServerUnreachableException e) {
            known = call(logInAgain(current, e, settings.callTimeout()), PoolSession::databaseInfo);
        }
        databaseInfo = known;
        return known;
    }

    /** A remote call on a session. */
    interface SessionCall<T> {
        T on(PoolSession session) throws PoolException, RemoteException;
    }

    /**
     * Runs a call on {@code session} within the call timeout; a transport failure (the timeout included)
     * becomes {@link ServerUnreachableException}.
     */
    <T> T call(PoolSession session, SessionCall<T> call) throws PoolException, ServerUnreachableException {
        return call(session, settings.callTimeout(), call);
    }

    /** The same, waiting at most {@code wait} for the answer. */
    <T> T call(PoolSession session, Duration wait, SessionCall<T> call) throws PoolException, ServerUnreachableException {
        try (CallDeadline.Scope deadline = CallDeadline.start(wait)) {
            return call.on(session);
        } catch (RemoteException e) {
            throw RemoteFailures.unreachable(settings.endpoint(), e);
        }
    }

    /** The settings this client connected with. */
    public ClientSettings settings() {
        return settings;
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
        try (CallDeadline.Scope deadline = CallDeadline.start(settings.callTimeout())) {
            session.logout();
            LOG.debug("logged out of {}", settings.endpoint());
        } catch (NotAuthenticatedException e) {
            LOG.debug("logout refused ({}); the server ends the session when it idles out", e.getMessage());
        } catch (RemoteException e) {
            if (!RemoteFailures.sessionGone(e)) {
                throw RemoteFailures.unreachable(settings.endpoint(), e);
            }
        }
    }
}
