package io.rmipool.bench.scale;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Polling with a deadline: asks a probe again and again, a short pause apart, until its answer is the
 * one waited for or the time is up. For conditions only a remote call or {@code /proc} can tell (the
 * server's stats, its thread count), where no latch exists.
 */
final class Poll {
    private Poll() {
    }

    /** A probe that may fail, e.g. a remote call. */
    interface Probe<T, E extends Exception> {
        T get() throws E;
    }

    /**
     * The outcome of {@link #until}.
     *
     * @param value the last answer
     * @param reached whether it was the one waited for
     * @param elapsed from the first probe to the last answer
     */
    record Result<T>(T value, boolean reached, Duration elapsed) {
        long millis() {
            return elapsed.toMillis();
        }
    }

    static <T, E extends Exception> Result<T> until(Probe<T, E> probe, Predicate<T> done, Duration timeout,
                                                    Duration interval) throws E, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            T value = probe.get();
            long now = System.nanoTime();
            if (done.test(value) || now - deadline >= 0) {
                return new Result<>(value, done.test(value), Duration.ofNanos(now - start));
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
