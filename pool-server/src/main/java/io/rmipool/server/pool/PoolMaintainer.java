package io.rmipool.server.pool;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs the pool's maintenance round on a schedule, on a thread of its own, and does nothing else. The
 * round ({@link DatabaseConnectionPool#maintain()}) only does bookkeeping under the ledger's lock and
 * hands every blocking step (a reset, a keepalive check, a reopen) to the pool's workers, so a database
 * that accepts TCP and never answers delays no round: leases of dead clients are taken back on time.
 *
 * <p>Nothing escapes a round, errors included: a scheduled task that throws is never run again, and
 * then no dead client's lease would ever come back. {@link #isAlive()} says whether rounds still run on
 * schedule; the container health check reports it.
 *
 * <p>Thread-safe.
 */
final class PoolMaintainer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(PoolMaintainer.class);
    /** Rounds only take a lock for a moment: one missing for this long means the maintainer is stuck or dead. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Runnable round;
    private final LongSupplier ticker;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> schedule;
    private volatile long lastRoundNanos;

    /** @param periodMillis the pause between the end of one round and the start of the next */
    PoolMaintainer(Runnable round, long periodMillis, LongSupplier ticker) {
        this.round = round;
        this.ticker = ticker;
        this.lastRoundNanos = ticker.getAsLong();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pool-maintainer");
            t.setDaemon(true);
            return t;
        });
        this.schedule = scheduler.scheduleWithFixedDelay(this::runRound, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void runRound() {
        try {
            round.run();
        } catch (Throwable e) {
            try {
                LOG.error("pool maintenance failed; will retry next round", e);
            } catch (Throwable ignored) {
                // logging itself failed (out of memory): the next round tries again
            }
        } finally {
            lastRoundNanos = ticker.getAsLong();
        }
    }

    /** Runs a round now rather than at the next tick (a connection just broke). */
    void wake() {
        try {
            scheduler.execute(this::runRound);
        } catch (RejectedExecutionException e) {
            // closing: nothing to maintain any more
        }
    }

    /** Whether rounds still run on schedule. */
    boolean isAlive() {
        return !schedule.isDone() && ticker.getAsLong() - lastRoundNanos < STALL_NANOS;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
