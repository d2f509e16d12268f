package io.rmipool.client.cli;

/**
 * What the {@code stress} workers have reported of their measured cycles ({@link WorkerProtocol#PROGRESS}
 * lines), for the progress bar: how many of all are done, and how many per second since {@code go}.
 * Failed cycles count as done, as in the result line.
 *
 * <p>Not thread-safe; used by the command's thread only.
 */
final class StressProgress {
    /** The last count each worker reported, by its number less one. */
    private final long[] reported;
    private final long total;
    private final long startNanos;
    private long done;

    /**
     * @param cycles each worker's measured cycles
     * @param startNanos when the workers were told to go, in {@link System#nanoTime()}
     */
    StressProgress(int processes, int cycles, long startNanos) {
        this.reported = new long[processes];
        this.total = (long) processes * cycles;
        this.startNanos = startNanos;
    }

    /**
     * Takes one line of worker {@code worker} (from 1).
     *
     * @return whether it was a progress report
     * @throws IllegalArgumentException when it starts like one but is malformed
     */
    boolean accept(int worker, String line) {
        if (!line.startsWith(WorkerProtocol.PROGRESS + " ")) {
            return false;
        }
        long count;
        try {
            count = Long.parseLong(line.substring(WorkerProtocol.PROGRESS.length() + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed progress report '" + line + "'", e);
        }
        // a report is the worker's count so far, not an increment
        done += count - reported[worker - 1];
        reported[worker - 1] = count;
        return true;
    }

    /** Cycles done by all workers. */
    long done() {
        return done;
    }

    /** Cycles all workers run. */
    long total() {
        return total;
    }

    /** Cycles done per second from go to {@code nowNanos} ({@link System#nanoTime()}); 0 at go. */
    long perSecond(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        return elapsed > 0 ? Math.round(done * 1e9 / elapsed) : 0;
    }

    /** {@link #perSecond} for the bar, e.g. {@code 41234 cycles/s}. */
    String rate(long nowNanos) {
        return perSecond(nowNanos) + " cycles/s";
    }
}
