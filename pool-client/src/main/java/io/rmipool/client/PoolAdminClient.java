package io.rmipool.client;

import io.rmipool.api.AdminReport;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.transport.CallDeadline;
import io.rmipool.api.transport.ClientTransport;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An admin's connection to a pool server: pause, resume, drain, resize, evict (see {@link PoolAdmin}).
 * Logs in with the server's admin secret, which is not the clients' secret; a server without one
 * refuses every admin with {@link NotAuthenticatedException}.
 *
 * <pre>{@code
 * try (PoolAdminClient admin = PoolAdminClient.connect(settings, adminSecret)) {
 *     System.out.println(admin.resize(20).summary());
 * }
 * }</pre>
 *
 * <p>Thread-safe: every call is one remote call with its own deadline (the settings' call timeout, plus
 * the drain's own wait for a drain).
 */
public final class PoolAdminClient implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(PoolAdminClient.class);

    private final ClientSettings settings;
    private final PoolAdmin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PoolAdminClient(ClientSettings settings, PoolAdmin admin) {
        this.settings = settings;
        this.admin = admin;
    }

    /**
     * Connects and logs in as an admin. {@code settings.secret()} is not used: the admin secret is.
     *
     * @throws NotAuthenticatedException when the admin secret is wrong, or the server has no admin role
     * @throws ServerUnreachableException when the server cannot be reached
     */
    public static PoolAdminClient connect(ClientSettings settings, byte[] adminSecret)
            throws PoolException, ServerUnreachableException {
        ClientTransport transport = settings.transport();
        try (CallDeadline.Scope deadline = CallDeadline.start(settings.callTimeout())) {
            PoolAdmin admin = transport.adminLogIn(transport.gateway(settings.name()), settings.clientId(), adminSecret);
            LOG.debug("logged in to {} as admin {}", transport, settings.clientId());
            return new PoolAdminClient(settings, admin);
        } catch (NotBoundException e) {
            throw RemoteFailures.notBound(settings.endpoint(), settings.name(), e);
        } catch (RemoteException e) {
            throw RemoteFailures.unreachable(settings.endpoint(), e);
        }
    }

    /** {@link PoolAdmin#pause()}. */
    public AdminReport pause() throws PoolException, ServerUnreachableException {
        return call(settings.callTimeout(), PoolAdmin::pause);
    }

    /** {@link PoolAdmin#resume()}. */
    public AdminReport resume() throws PoolException, ServerUnreachableException {
        return call(settings.callTimeout(), PoolAdmin::resume);
    }

    /** {@link PoolAdmin#drain(long)}: waits up to {@code timeout} for the held leases, then the server stops. */
    public AdminReport drain(Duration timeout) throws PoolException, ServerUnreachableException {
        return call(timeout.plus(settings.callTimeout()), a -> a.drain(timeout.toMillis()));
    }

    /** {@link PoolAdmin#resize(int)}. */
    public AdminReport resize(int connections) throws PoolException, ServerUnreachableException {
        return call(settings.callTimeout(), a -> a.resize(connections));
    }

    /** {@link PoolAdmin#evict()}. */
    public AdminReport evict() throws PoolException, ServerUnreachableException {
        return call(settings.callTimeout(), PoolAdmin::evict);
    }

    /** {@link PoolAdmin#stats()}. */
    public PoolStats stats() throws PoolException, ServerUnreachableException {
        return call(settings.callTimeout(), PoolAdmin::stats);
    }

    private interface AdminCall<T> {
        T on(PoolAdmin admin) throws PoolException, RemoteException;
    }

    private <T> T call(Duration wait, AdminCall<T> call) throws PoolException, ServerUnreachableException {
        if (closed.get()) {
            throw new IllegalStateException("the admin client is closed");
        }
        try (CallDeadline.Scope deadline = CallDeadline.start(wait)) {
            return call.on(admin);
        } catch (RemoteException e) {
            throw RemoteFailures.unreachable(settings.endpoint(), e);
        }
    }

    /**
     * Logs out. Idempotent. After a drain the server is gone, and so is the session: nothing to report.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (CallDeadline.Scope deadline = CallDeadline.start(settings.callTimeout())) {
            admin.logout();
        } catch (NotAuthenticatedException | RemoteException e) {
            LOG.debug("admin logout failed ({}); the server ends the session when it idles out", e.getMessage());
        }
    }
}
