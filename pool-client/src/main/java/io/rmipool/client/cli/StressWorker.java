package io.rmipool.client.cli;

import io.rmipool.api.Lease;
import io.rmipool.api.PoolException;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolFleetClient;
import io.rmipool.client.ServerUnreachableException;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One of the processes {@code stress} spawns (see {@link WorkerProtocol}): warm up, ready, wait for
 * {@code go}, run the lease+release cycles, write the records. The same loop drives RMI Pool through the
 * client library and, for {@code stress --baseline}, the bare pool of {@link BaselineServer}: what is
 * compared is the pools, never two ways of measuring.
 *
 * <p>The loop only measures: records go into preallocated arrays and are written after the last cycle,
 * so output does not slow the cycles. The one exception, for a parent that shows progress on a terminal,
 * is a short line at most every {@link #PROGRESS_EVERY_NANOS}, written between two cycles and outside
 * either one's latency. Background renewal does not distort the figures either: it first fires a third
 * of the TTL (30 s by default) after a lease, and a cycle lasts microseconds.
 */
final class StressWorker {
    /** How long a worker pauses after a failed cycle when it keeps going, so that an outage is not a busy loop. */
    static final long PAUSE_AFTER_FAILURE_MILLIS = 50;
    /**
     * How often a worker reports its progress when asked to: often enough for a bar that moves smoothly,
     * seldom enough (a few microseconds of writing ten times a second) not to show in the figures.
     */
    static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * What the cycles lease from. One lease at a time: {@link #lease} takes one (and returns its connection
     * id, or -1 when none was free in time), {@link #use} and {@link #release} act on it.
     */
    interface Target {
        int lease() throws Exception;

        void use() throws Exception;

        void release() throws Exception;
    }

    private final int cycles;
    private final int warmup;
    private final boolean keepGoing;
    private final boolean progress;

    StressWorker(WorkerSettings settings) {
        this.cycles = settings.integer("cycles");
        this.warmup = settings.integer("warmup");
        this.keepGoing = settings.flag("keep-going");
        this.progress = settings.flag("progress");
    }

    /**
     * What a stress worker is told; {@code sql} may be null. With {@code progress} it reports its
     * progress ({@link WorkerProtocol#PROGRESS}).
     */
    static WorkerSettings settings(WorkerSettings connection, int cycles, int warmup, String sql, Duration timeout,
                                   boolean keepGoing, boolean progress) {
        return connection.with("cycles", cycles).with("warmup", warmup).with("sql", sql).with("timeout", timeout)
                .with("keep-going", keepGoing).with("progress", progress);
    }

    /**
     * The id a cycle record gives a connection: its own, in the low 16 bits (a server has at most 10,000),
     * and the place of its server among the fleet's above them, so that two servers' connection 0 are not
     * taken for one connection held twice.
     */
    static int fleetConnectionId(int serverIndex, int connectionId) {
        return serverIndex << Lease.CONNECTION_ID_BITS | connectionId;
    }

    /** RMI Pool through the client library: lease with the settings' timeout, run the --sql statement if any. */
    static Target pool(PoolFleetClient client, WorkerSettings settings) {
        Duration timeout = settings.duration("timeout");
        String sql = settings.text("sql");
        return new Target() {
            private LeasedConnection held;

            @Override
            public int lease() throws Exception {
                try {
                    held = client.lease(timeout);
                    return fleetConnectionId(client.serverIndex(held), held.connectionId());
                } catch (PoolException e) {
                    if (ExitCode.of(e) == ExitCode.NOT_LEASED) {
                        return -1;
                    }
                    throw e;
                }
            }

            @Override
            public void use() throws Exception {
                if (sql != null) {
                    held.execute(sql);
                }
            }

            @Override
            public void release() throws Exception {
                held.close();
            }
        };
    }

    void run(Target target, BufferedReader parent, PrintWriter out) throws Exception {
        int[] connectionIds = new int[cycles];
        long[] heldFrom = new long[cycles];
        long[] heldTo = new long[cycles];
        long[] latencyNanos = new long[cycles];
        int leased = 0;
        long failed = 0;
        StressFailures failures = new StressFailures();
        // Warm up before reporting ready: the parent's "go" then starts only measured cycles everywhere.
        for (int i = 0; i < warmup; i++) {
            if (target.lease() >= 0) {
                target.use();
                target.release();
            }
        }
        out.println(WorkerProtocol.READY);
        out.flush();
        WorkerProtocol.await(parent, WorkerProtocol.GO);
        long start = WorkerProtocol.wallMicros();
        long reported = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            long t0 = System.nanoTime();
            if (progress && t0 - reported >= PROGRESS_EVERY_NANOS) {
                write(out, WorkerProtocol.PROGRESS, i);
                out.flush();
                reported = t0;
                t0 = System.nanoTime(); // the report is no part of the cycle about to start
            }
            int id;
            try {
                id = target.lease();
            } catch (PoolException | ServerUnreachableException e) {
                survive(failures, e);
                continue;
            }
            if (id < 0) {
                failed++;
                continue;
            }
            heldFrom[leased] = WorkerProtocol.wallMicros();
            boolean ok = true;
            try {
                target.use();
            } catch (PoolException | ServerUnreachableException e) {
                survive(failures, e);
                ok = false;
            }
            heldTo[leased] = WorkerProtocol.wallMicros();
            try {
                target.release();
            } catch (PoolException | ServerUnreachableException e) {
                if (ok) {
                    survive(failures, e);
                }
            }
            // held from the grant to the end of its use, whatever happened to the release after
            latencyNanos[leased] = System.nanoTime() - t0;
            connectionIds[leased] = id;
            leased++;
        }
        long end = WorkerProtocol.wallMicros();
        if (progress) {
            // before the records, which take the parent a while to read: the bar is full as the loop ends
            write(out, WorkerProtocol.PROGRESS, cycles);
            out.flush();
        }
        for (int i = 0; i < leased; i++) {
            write(out, WorkerProtocol.CYCLE, connectionIds[i], heldFrom[i], heldTo[i], latencyNanos[i]);
        }
        write(out, WorkerProtocol.DONE, start, end, failed, failures.unreachable, failures.database, failures.lost);
        out.flush();
    }

    /**
     * A failed cycle: with --keep-going it is counted by kind and the loop pauses briefly and goes on
     * (the client logs in again by itself once the server is back); without, it ends the worker.
     */
    private void survive(StressFailures failures, Exception e) throws Exception {
        if (!keepGoing || !failures.count(e)) {
            throw e;
        }
        Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
    }

    private static void write(Writer out, String tag, long... fields) throws java.io.IOException {
        out.write(tag);
        for (long f : fields) {
            out.write(' ');
            out.write(Long.toString(f));
        }
        out.write('\n');
    }
}
