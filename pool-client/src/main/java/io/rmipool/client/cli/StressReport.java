package io.rmipool.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Gathers the records of every {@code stress} worker and writes the one-line result.
 *
 * <p>Latencies go into an HdrHistogram in nanoseconds and are reported in whole microseconds. Failed
 * leases have no release, so they are counted but not part of the latency figures.
 *
 * <p>Not thread-safe; used by the command's thread only.
 */
final class StressReport {
    /** Three significant digits: p99 of 120us is reported to within 0.1us. */
    private final Histogram latencyNanos = new Histogram(3);
    /** Exact, where the histogram would give the top of the max's bucket. */
    private long maxLatencyNanos;
    private final List<HeldInterval> held = new ArrayList<>();
    private long failed;
    private final StressFailures failures = new StressFailures();
    private long firstStartMicros = Long.MAX_VALUE;
    private long lastEndMicros = Long.MIN_VALUE;
    private int workersDone;

    /** Records one leased cycle. */
    void cycle(HeldInterval interval, long latencyNanos) {
        held.add(interval);
        this.latencyNanos.recordValue(Math.max(0, latencyNanos));
        maxLatencyNanos = Math.max(maxLatencyNanos, latencyNanos);
    }

    /**
     * Records a worker's end: its loop's wall-clock start and end, its failed leases (none granted), and
     * the cycles it survived with --keep-going, by kind.
     */
    void workerDone(long startMicros, long endMicros, long failedLeases, long unreachable, long database, long lost) {
        firstStartMicros = Math.min(firstStartMicros, startMicros);
        lastEndMicros = Math.max(lastEndMicros, endMicros);
        failed += failedLeases;
        failures.unreachable += unreachable;
        failures.database += database;
        failures.lost += lost;
        workersDone++;
    }

    /**
     * Parses one worker line of {@link WorkerProtocol} into this report.
     *
     * @return whether it was a stress record
     * @throws IllegalArgumentException when it starts like a record but is malformed
     */
    boolean accept(String line) {
        String[] f = line.split(" ");
        try {
            if (f[0].equals(WorkerProtocol.CYCLE) && f.length == 5) {
                cycle(new HeldInterval(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])),
                        Long.parseLong(f[4]));
                return true;
            }
            if (f[0].equals(WorkerProtocol.DONE) && f.length == 7) {
                workerDone(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                        Long.parseLong(f[5]), Long.parseLong(f[6]));
                return true;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed stress record '" + line + "'", e);
        }
        return false;
    }

    int workersDone() {
        return workersDone;
    }

    long failed() {
        return failed;
    }

    long duplicates() {
        return HeldInterval.countOverlaps(held);
    }

    /**
     * Whether the run proved the pool right: no connection held twice at once, and every lease granted
     * (with --keep-going, failed cycles are counted, not failures of the run).
     */
    boolean passed(boolean keepGoing) {
        return duplicates() == 0 && (keepGoing || failed == 0);
    }

    /** From the first worker's start to the last one's end. */
    double elapsedSeconds() {
        return Math.max(0, lastEndMicros - firstStartMicros) / 1e6;
    }

    /** {@code cyclesTotal} over {@link #elapsedSeconds}, rounded; 0 before any worker reported. */
    long cyclesPerSecond(long cyclesTotal) {
        double elapsed = elapsedSeconds();
        return elapsed > 0 ? Math.round(cyclesTotal / elapsed) : 0;
    }

    /** The latency at {@code percentile} (0 to 100) in whole microseconds; 0 with no cycles recorded. */
    long latencyMicros(double percentile) {
        return latencyNanos.getValueAtPercentile(percentile) / 1000;
    }

    /**
     * {@code stress: processes=2 cycles=20000 elapsed=0.61s cycles/s=32787 p50=36us p99=120us max=2300us
     * failed=0 duplicates=0}; {@code cycles} counts every cycle, failed ones included, and {@code cycles/s}
     * divides it by the time from the first worker's start to the last one's end.
     */
    String line(int processes, long cyclesTotal) {
        double elapsedSeconds = elapsedSeconds();
        long perSecond = cyclesPerSecond(cyclesTotal);
        String line = String.format(Locale.ROOT,
                "stress: processes=%d cycles=%d elapsed=%.2fs cycles/s=%d p50=%dus p99=%dus max=%dus failed=%d duplicates=%d",
                processes, cyclesTotal, elapsedSeconds, perSecond,
                latencyMicros(50), latencyMicros(99), maxLatencyNanos / 1000, failed, duplicates());
        return failures.total() == 0 ? line : line + String.format(Locale.ROOT, " unreachable=%d database=%d lost=%d",
                failures.unreachable, failures.database, failures.lost);
    }
}
