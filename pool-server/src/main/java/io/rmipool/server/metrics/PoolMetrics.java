package io.rmipool.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.rmipool.api.PoolStats;
import io.rmipool.server.pool.ConnectionPool;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The pool's meters, in HikariCP's shapes so that its dashboards and alerts carry over with the prefix
 * changed from {@code hikaricp} to {@code rmipool}: the gauges {@code rmipool.connections} (all, now),
 * {@code .active} (leased), {@code .idle}, {@code .pending} (callers waiting for a lease), {@code .max}
 * and {@code .min} (both the pool's size: it keeps all its connections open; an admin's resize changes
 * it), plus our {@code .maintenance} (being reset, checked or reopened); the counters
 * {@code rmipool.connections.timeout} (lease calls that found no connection in time),
 * {@code rmipool.leases.expired} (leases taken back for want of renewal), {@code rmipool.calls.refused}
 * (calls on tokens the caller does not hold) and {@code rmipool.logins.failed}; and the timers, each with
 * its 50th, 95th and 99th percentiles: {@code rmipool.connections.acquire} (how long a granted lease call
 * waited), {@code rmipool.connections.usage} (how long leases were held, grant to release or expiry) and
 * {@code rmipool.connections.creation} (how long opening a database connection took). Every meter carries
 * the tag {@code pool=<name>}.
 *
 * <p>Made before the pool, so that the pool's first connections are timed too: the timers are fed by the
 * RMI layer ({@link #leaseGranted}), the pool ({@link #leaseEnded}) and the connector
 * ({@link #connectionOpened}), always outside the pool's lock; the gauges and counters read
 * {@link ConnectionPool#stats()} when the registry is scraped, once {@link #watch} names the pool.
 * Thread-safe (Micrometer's meters are).
 */
public final class PoolMetrics {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer acquire;
    private final Timer usage;
    private final Timer creation;
    private final Counter failedLogins;

    public PoolMetrics(MeterRegistry registry, String poolName) {
        this.registry = registry;
        this.tags = Tags.of("pool", poolName);
        this.failedLogins = Counter.builder("rmipool.logins.failed")
                .description("logins refused: wrong secret, unknown or used challenge, invalid client id, locked out")
                .tags(tags).register(registry);
        this.acquire = timer("rmipool.connections.acquire", "how long a granted lease call waited for its connection");
        this.usage = timer("rmipool.connections.usage", "how long leases were held, grant to release or expiry");
        this.creation = timer("rmipool.connections.creation", "how long opening a database connection took");
    }

    /** The gauges and counters of {@code pool}: read from its stats at every scrape. */
    public void watch(ConnectionPool pool) {
        gauge("rmipool.connections", "connections in the pool: idle, active and in maintenance", pool,
                p -> p.stats().max());
        gauge("rmipool.connections.active", "connections leased", pool, p -> p.stats().leased());
        gauge("rmipool.connections.idle", "connections ready to lease", pool, p -> p.stats().idle());
        gauge("rmipool.connections.pending", "lease calls waiting for a connection", pool, p -> p.stats().waiting());
        gauge("rmipool.connections.max", "the pool's size", pool, p -> p.stats().target());
        gauge("rmipool.connections.min", "connections kept open at least (all of them)", pool, p -> p.stats().target());
        gauge("rmipool.connections.maintenance",
                "connections being reset after a lease, checked, reopened or waiting for the database", pool,
                p -> p.stats().maintenance());
        counter("rmipool.connections.timeout", "lease calls that found no connection in time", pool,
                PoolStats::timeouts);
        counter("rmipool.leases.expired", "leases taken back because they were not renewed", pool, PoolStats::expired);
        counter("rmipool.calls.refused", "calls on tokens the caller does not hold (expired, released, "
                + "never granted or another session's)", pool, PoolStats::refused);
        if (pool.stats().fleet() != null) {
            gauge("rmipool.fleet.cap", "connections the whole fleet may have open at once", pool,
                    p -> p.stats().fleet().cap());
            gauge("rmipool.fleet.connections", "places of the fleet's cap its servers hold, as this server last heard",
                    pool, p -> p.stats().fleet().held());
            gauge("rmipool.fleet.servers", "live servers in the fleet, as this server last heard", pool,
                    p -> p.stats().fleet().members().size());
        }
    }

    /** A lease call was granted after waiting {@code nanos}. */
    public void leaseGranted(long nanos) {
        acquire.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A lease ended after being held {@code nanos}. */
    public void leaseEnded(long nanos) {
        usage.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A database connection was opened in {@code nanos}. */
    public void connectionOpened(long nanos) {
        creation.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A login was refused. */
    public void loginFailed() {
        failedLogins.increment();
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).tags(tags).publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    private void gauge(String name, String description, ConnectionPool pool, ToDoubleFunction<ConnectionPool> value) {
        Gauge.builder(name, pool, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private void counter(String name, String description, ConnectionPool pool, ToDoubleFunction<PoolStats> value) {
        FunctionCounter.builder(name, pool, p -> value.applyAsDouble(p.stats())).description(description).tags(tags)
                .register(registry);
    }
}
