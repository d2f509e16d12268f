package io.rmipool.api;

import java.io.Serializable;

/**
 * A snapshot of the pool: gauges (max, idle, leased, waiting) and counters since the server started.
 *
 * @param max the connections the pool has now: after a shrink, more than {@code target} until the
 *     extra ones come back from their leases
 * @param idle connections ready to be leased
 * @param leased connections held by a lease, or being validated for the caller about to hold one
 * @param maintenance connections out of use for maintenance: being reset after a lease, under a
 *     keepalive check, being reopened, or waiting to be (the database is down);
 *     {@code idle + leased + maintenance == max} always
 * @param waiting callers blocked in {@code lease} right now
 * @param granted leases granted
 * @param timeouts lease calls that got no connection in time (including {@code lease(0)} on an empty pool)
 * @param expired leases reclaimed because they were not renewed in time
 * @param refused calls refused: failed logins, stale or foreign tokens, too many waiters, bad arguments,
 *     payloads rejected by the serialization filter, connections over a limit or breaking the protocol
 * @param maintainerAlive whether the pool's background maintenance (expiring leases, reopening broken
 *     connections) still runs on schedule; when false, leases of dead clients are no longer reclaimed and
 *     the server should be restarted (the container health check reports it)
 * @param target the connections the pool is meant to have: the configured number, or the last resize
 * @param paused whether an admin paused the pool (new lease calls wait)
 * @param draining whether an admin is draining the pool before the server stops (lease calls are refused)
 * @param fleet the fleet this server shares a connection cap with; null for a server alone
 */
public record PoolStats(int max, int idle, int leased, int maintenance, int waiting,
                        long granted, long timeouts, long expired, long refused, boolean maintainerAlive,
                        int target, boolean paused, boolean draining, FleetStats fleet)
        implements Serializable {
    /** A server alone's stats. */
    public PoolStats(int max, int idle, int leased, int maintenance, int waiting,
                     long granted, long timeouts, long expired, long refused, boolean maintainerAlive,
                     int target, boolean paused, boolean draining) {
        this(max, idle, leased, maintenance, waiting, granted, timeouts, expired, refused, maintainerAlive,
                target, paused, draining, null);
    }

    /** The same, with {@code fleet}'s figures. */
    public PoolStats withFleet(FleetStats fleet) {
        return new PoolStats(max, idle, leased, maintenance, waiting, granted, timeouts, expired, refused,
                maintainerAlive, target, paused, draining, fleet);
    }

    /** The same, with {@code more} refusals counted outside the pool (by the RMI layer). */
    public PoolStats plusRefused(long more) {
        return new PoolStats(max, idle, leased, maintenance, waiting, granted, timeouts, expired, refused + more,
                maintainerAlive, target, paused, draining, fleet);
    }
}
