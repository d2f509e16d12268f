package io.rmipool.server.rmi;

import io.rmipool.api.AdminReport;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.transport.SessionCredential;
import io.rmipool.server.admin.PoolAdministration;
import io.rmipool.server.net.InboundConnection;
import io.rmipool.server.net.Refusals;
import io.rmipool.server.pool.ConnectionPool;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One logged-in admin: runs {@link PoolAdministration}'s operations, each logged under this session's
 * name. Bound to its credential like a client's session ({@link BoundSession}); it holds no leases.
 * After a drain, the server is stopped once the drain's answer has left on the admin's connection.
 *
 * <p>Thread-safe (the administration is, and so is {@link BoundSession}).
 */
final class AdminSession extends BoundSession implements PoolAdmin {
    private final PoolAdministration administration;
    private final ConnectionPool pool;
    private final Refusals refusals;

    AdminSession(String clientId, String holder, SessionCredential credential, PoolAdministration administration,
                 ConnectionPool pool, Refusals refusals, LongSupplier ticker, Consumer<BoundSession> onEnd) {
        super(clientId, holder, credential, refusals, ticker, onEnd);
        this.administration = administration;
        this.pool = pool;
        this.refusals = refusals;
    }

    @Override
    public AdminReport pause() throws PoolException {
        enter();
        return administration.pause(who());
    }

    @Override
    public AdminReport resume() throws PoolException {
        enter();
        return administration.resume(who());
    }

    @Override
    public AdminReport drain(long timeoutMillis) throws PoolException {
        enter();
        if (timeoutMillis < 0 || timeoutMillis > PoolAdministration.MAX_DRAIN.toMillis()) {
            refusals.refuse("bad argument", "drain by " + holder() + " with a timeout of " + timeoutMillis + " ms");
            throw new InvalidArgumentException("a drain timeout must be between 0 and "
                    + PoolAdministration.MAX_DRAIN.toMillis() + " ms, got " + timeoutMillis);
        }
        AdminReport report = administration.drain(who(), Duration.ofMillis(timeoutMillis));
        // Stop only once this answer is on the wire: stopping earlier could cut it off.
        InboundConnection.current().afterReply(administration::stopServer);
        return report;
    }

    @Override
    public AdminReport resize(int connections) throws PoolException {
        enter();
        try {
            return administration.resize(who(), connections);
        } catch (InvalidArgumentException e) {
            refusals.refuse("bad argument", "resize by " + holder() + ": " + e.getMessage());
            throw e;
        }
    }

    @Override
    public AdminReport evict() throws PoolException {
        enter();
        return administration.evict(who());
    }

    @Override
    public PoolStats stats() throws PoolException {
        enter();
        return pool.stats();
    }

    @Override
    public void logout() throws NotAuthenticatedException {
        admitCaller();
        end("logged out");
    }

    @Override
    void onEnded() {
        // an admin holds no leases
    }

    private String who() {
        InboundConnection connection = InboundConnection.current();
        return "admin " + holder() + (connection == null ? "" : " from " + connection.address());
    }
}
