package io.rmipool.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.rmipool.api.PoolStats;
import io.rmipool.server.pool.ConnectionPool;
import io.rmipool.server.pool.DatabaseConnectionPool;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The pool's meters, in HikariCP's shapes so that its dashboards and alerts carry over with the prefix
 * changed from {@code hikaricp} to {@code rmipool}: the gauges {@code rmipool.connections} (all),
 * {@code .active} (leased), {@code .idle}, {@code .pending} (callers waiting for a lease), {@code .max}
 * and {@code .min} (equal to max: the pool keeps all its connections open), plus our
 * {@code .maintenance} (being reset, checked or reopened); the counters {@code rmipool.connections.timeout}
 * (lease calls that found no connection in time), {@code rmipool.leases.expired} (leases taken back for
 * want of renewal), {@code rmipool.calls.refused} (calls on tokens the caller does not hold) and
 * {@code rmipool.logins.failed}; the timer {@code rmipool.connections.acquire} (how long a granted lease
 * call waited, with its 50th, 95th and 99th percentiles); and, for the real pool, {@code rmipool.connections.usage}
 * (how long leases were held) and {@code rmipool.connections.creation} (how long opening a connection
 * took), as counts and totals. Every meter carries the tag
 * {@code pool=<name>}.
 *
 * <p>Gauges and counters read {@link ConnectionPool#stats()} when the registry is scraped; the timer and
 * the login counter are fed by the RMI layer, outside the pool's lock. Thread-safe (Micrometer's meters
 * are).
 */
public final class PoolMetrics {
    private final Timer acquire;
    private final Counter failedLogins;

    public PoolMetrics(MeterRegistry registry, String poolName, ConnectionPool pool) {
        Tags tags = Tags.of("pool", poolName);
        gauge(registry, "rmipool.connections", "connections in the pool: idle, active and in maintenance", tags, pool,
                p -> p.stats().max());
        gauge(registry, "rmipool.connections.active", "connections leased", tags, pool, p -> p.stats().leased());
        gauge(registry, "rmipool.connections.idle", "connections ready to lease", tags, pool, p -> p.stats().idle());
        gauge(registry, "rmipool.connections.pending", "lease calls waiting for a connection", tags, pool,
                p -> p.stats().waiting());
        gauge(registry, "rmipool.connections.max", "the pool's size", tags, pool, p -> p.stats().max());
        gauge(registry, "rmipool.connections.min", "connections kept open at least (all of them)", tags, pool,
                p -> p.stats().max());
        gauge(registry, "rmipool.connections.maintenance",
                "connections being reset after a lease, checked, reopened or waiting for the database", tags, pool,
                p -> p.stats().maintenance());
        counter(registry, "rmipool.connections.timeout", "lease calls that found no connection in time", tags, pool,
                PoolStats::timeouts);
        counter(registry, "rmipool.leases.expired", "leases taken back because they were not renewed", tags, pool,
                PoolStats::expired);
        counter(registry, "rmipool.calls.refused", "calls on tokens the caller does not hold (expired, released, "
                + "never granted or another session's)", tags, pool, PoolStats::refused);
        if (pool instanceof DatabaseConnectionPool) {
            // the seed's unsafe pool keeps no such accounts
            DatabaseConnectionPool real = (DatabaseConnectionPool) pool;
            FunctionTimer.builder("rmipool.connections.usage", real, p -> p.leaseUsage()[0], p -> p.leaseUsage()[1],
                    TimeUnit.NANOSECONDS).description("how long leases were held, grant to release or expiry")
                    .tags(tags).register(registry);
            FunctionTimer.builder("rmipool.connections.creation", real, p -> p.connectionsOpened()[0],
                    p -> p.connectionsOpened()[1], TimeUnit.NANOSECONDS)
                    .description("how long opening a database connection took").tags(tags).register(registry);
        }
        this.failedLogins = Counter.builder("rmipool.logins.failed")
                .description("logins refused: wrong secret, unknown or used challenge, invalid client id, locked out")
                .tags(tags).register(registry);
        this.acquire = Timer.builder("rmipool.connections.acquire")
                .description("how long a granted lease call waited for its connection")
                .tags(tags).publishPercentiles(0.5, 0.95, 0.99).register(registry);
    }

    /** A lease call was granted after waiting {@code nanos}. */
    public void leaseGranted(long nanos) {
        acquire.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A login was refused. */
    public void loginFailed() {
        failedLogins.increment();
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags, ConnectionPool pool,
                              ToDoubleFunction<ConnectionPool> value) {
        Gauge.builder(name, pool, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags, ConnectionPool pool,
                                ToDoubleFunction<PoolStats> value) {
        FunctionCounter.builder(name, pool, p -> value.applyAsDouble(p.stats())).description(description).tags(tags)
                .register(registry);
    }
}
