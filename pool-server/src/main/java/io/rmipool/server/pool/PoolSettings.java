package io.rmipool.server.pool;

import java.time.Duration;

/**
 * The pool's tuning, validated once.
 *
 * @param maxConnections how many real connections the pool opens and shares
 * @param maxWaiters how many callers may wait in {@code lease} at once; more are refused
 * @param leaseTtl how long a lease lives without a renewal
 * @param raceDelay a pause between reading the last idle connection and removing it (the seed's
 *     race window); zero in normal operation
 * @param maxLifetime how long a connection is used before it is replaced (less up to
 *     {@link #LIFETIME_JITTER_PERCENT} % at random, so that connections opened together do not all
 *     retire together)
 * @param keepalive how long an idle connection may go unchecked; then the pool validates it in the
 *     background, so connections a database or firewall dropped are found before a client gets them
 */
public record PoolSettings(int maxConnections, int maxWaiters, Duration leaseTtl, Duration raceDelay,
                           Duration maxLifetime, Duration keepalive) {
    public static final int LIFETIME_JITTER_PERCENT = 5;
    public static final int MAX_CONNECTIONS_LIMIT = 10_000;
    public static final int MAX_WAITERS_LIMIT = 100_000;
    public static final Duration MIN_LEASE_TTL = Duration.ofMillis(100);

    public PoolSettings {
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw new IllegalArgumentException("max-connections must be between 1 and "
                    + MAX_CONNECTIONS_LIMIT + ", got " + maxConnections);
        }
        if (maxWaiters < 0 || maxWaiters > MAX_WAITERS_LIMIT) {
            throw new IllegalArgumentException("max-waiters must be between 0 and "
                    + MAX_WAITERS_LIMIT + ", got " + maxWaiters);
        }
        if (leaseTtl.compareTo(MIN_LEASE_TTL) < 0) {
            throw new IllegalArgumentException("lease-ttl must be at least " + MIN_LEASE_TTL.toMillis()
                    + "ms, got " + leaseTtl.toMillis() + "ms");
        }
        if (maxLifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("max-lifetime must be at least 1s, got " + maxLifetime.toMillis() + "ms");
        }
        if (keepalive.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("keepalive must be at least 1s, got " + keepalive.toMillis() + "ms");
        }
        if (raceDelay.isNegative() || raceDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("race-delay must be between 0 and 1m, got " + raceDelay.toMillis() + "ms");
        }
    }

    /** The usual settings, with the given size and TTL: for tests and embedding. */
    public static PoolSettings of(int maxConnections, Duration leaseTtl) {
        return new PoolSettings(maxConnections, 1000, leaseTtl, Duration.ZERO, Duration.ofMinutes(30),
                Duration.ofMinutes(1));
    }

    /** The same settings with another race delay. */
    public PoolSettings withRaceDelay(Duration delay) {
        return new PoolSettings(maxConnections, maxWaiters, leaseTtl, delay, maxLifetime, keepalive);
    }

    /** The same settings with another limit on waiters. */
    public PoolSettings withMaxWaiters(int limit) {
        return new PoolSettings(maxConnections, limit, leaseTtl, raceDelay, maxLifetime, keepalive);
    }

    /** The pause the pools run at the race point: a sleep of {@link #raceDelay}, or nothing. */
    Runnable racePause() {
        if (raceDelay.isZero()) {
            return () -> { };
        }
        long millis = raceDelay.toMillis();
        return () -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
