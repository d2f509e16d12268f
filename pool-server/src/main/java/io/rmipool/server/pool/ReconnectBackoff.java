package io.rmipool.server.pool;

import java.util.concurrent.TimeUnit;

/**
 * When to try opening a connection again while the database is down: {@link #FIRST_DELAY_NANOS} after
 * the first failure, doubling after each further one up to {@link #MAX_DELAY_NANOS}; a success (by the
 * maintainer or by a leasing thread) starts over.
 *
 * <p>Not thread-safe: guarded by the {@link PoolLedger}'s lock.
 */
final class ReconnectBackoff {
    static final long FIRST_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private long delayNanos = FIRST_DELAY_NANOS;
    private long nextAttemptNanos;
    private boolean failing;

    /** An open failed at {@code now}: the next attempt is one delay away, and the delay doubles. */
    void onFailure(long now) {
        nextAttemptNanos = now + delayNanos;
        delayNanos = Math.min(MAX_DELAY_NANOS, delayNanos * 2);
        failing = true;
    }

    /** An open succeeded: the database is back. */
    void onSuccess() {
        delayNanos = FIRST_DELAY_NANOS;
        failing = false;
    }

    /** Whether an attempt may be made at {@code now}. */
    boolean isDue(long now) {
        // yes, >= : at the instant itself the wait is over
        return !failing || now - nextAttemptNanos >= 0;
    }

    /** When the next attempt may be made, on the ticker; meaningful while failing. */
    long nextAttemptNanos() {
        return nextAttemptNanos;
    }
}
