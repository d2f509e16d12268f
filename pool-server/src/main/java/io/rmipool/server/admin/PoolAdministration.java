package io.rmipool.server.admin;

import io.rmipool.api.AdminReport;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.NotSupportedException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolException;
import io.rmipool.server.pool.AdministeredPool;
import io.rmipool.server.pool.ConnectionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The admin operations as the server offers them, over RMI ({@code pool-client admin}) and JMX alike:
 * each runs on the pool's {@link AdministeredPool} controls, is logged with who asked, and answers
 * with an {@link AdminReport}. A drain also stops the server: {@link #drain} returns the stop for its
 * caller to run once the answer is on its way.
 *
 * <p>Thread-safe: the pool's controls are.
 */
public final class PoolAdministration {
    private static final Logger LOG = LogManager.getLogger(PoolAdministration.class);
    /** The longest drain an admin may ask for. */
    public static final Duration MAX_DRAIN = Duration.ofDays(1);

    private final ConnectionPool pool;
    private final Runnable stopServer;

    /**
     * @param pool the pool; its admin controls are those of {@link AdministeredPool}, when it has them (the
     *     seed's unsafe pool has none)
     * @param stopServer stops the server cleanly (exit code 0), as SIGTERM does
     */
    public PoolAdministration(ConnectionPool pool, Runnable stopServer) {
        this.pool = pool;
        this.stopServer = stopServer;
    }

    public AdminReport pause(String who) throws PoolException {
        controls().pause();
        LOG.info("{} paused the pool", who);
        return report("paused: new leases wait until 'resume'; held leases go on");
    }

    public AdminReport resume(String who) throws PoolException {
        controls().resume();
        LOG.info("{} resumed the pool", who);
        return report("resumed: leases are granted again");
    }

    public AdminReport resize(String who, int connections) throws PoolException {
        AdministeredPool.Resized r = controls().resize(connections);
        LOG.info("{} resized the pool from {} to {} connections", who, r.from(), r.to());
        List<String> parts = new ArrayList<>();
        if (r.opening() > 0) {
            parts.add(r.opening() + " opening");
        }
        if (r.closedNow() > 0) {
            parts.add(r.closedNow() + " idle closed now");
        }
        if (r.retireLater() > 0) {
            parts.add(r.retireLater() + " in use to close when their leases end");
        }
        return report("resized from " + r.from() + " to " + r.to() + " connections"
                + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)));
    }

    public AdminReport evict(String who) throws PoolException {
        AdministeredPool.Evicted e = controls().evict();
        LOG.info("{} evicted the pool's connections", who);
        return report("evicted: " + e.reopeningNow() + " idle connections reopening now, " + e.replaceLater()
                + " in use to be replaced when they come back");
    }

    /**
     * Drains the pool for up to {@code timeout}; the caller answers with the report and then runs
     * {@link #stopServer()}.
     */
    public AdminReport drain(String who, Duration timeout) throws PoolException {
        if (timeout.isNegative() || timeout.compareTo(MAX_DRAIN) > 0) {
            throw new InvalidArgumentException("a drain timeout must be between 0 and " + MAX_DRAIN.toHours()
                    + " h, got " + timeout.toMillis() + " ms");
        }
        LOG.info("{} asked for a drain of up to {} ms, then a stop", who, timeout.toMillis());
        long started = System.nanoTime();
        int outstanding;
        try {
            outstanding = controls().drain(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolClosedException("the pool server is shutting down");
        }
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return report(outstanding == 0
                ? "drained in " + tookMillis + " ms: every lease came back; the server stops now"
                : "drain timed out after " + tookMillis + " ms with " + outstanding
                        + " leases still held; the server stops now and takes them back");
    }

    /** Stops the server, as SIGTERM does: for after a drain's answer. */
    public void stopServer() {
        stopServer.run();
    }

    private AdministeredPool controls() throws PoolException {
        if (pool instanceof AdministeredPool) {
            return (AdministeredPool) pool;
        }
        throw new NotSupportedException("the seed's unsafe pool (--unsafe) has no admin controls");
    }

    private AdminReport report(String summary) {
        return new AdminReport(summary, pool.stats());
    }
}
