package io.rmipool.server.metrics;

/**
 * The pool in JMX ({@code io.rmipool:type=Pool,name=<pool name>}), for JConsole, VisualVM or any JMX
 * client: the gauges and counters of {@link PoolMetrics}, named as HikariCP's {@code HikariPoolMXBean}
 * names its own where they mean the same. Each read is one consistent snapshot of the pool's counts.
 */
public interface PoolMXBean {
    /** Connections in the pool: idle, active and in maintenance. */
    int getTotalConnections();

    /** Connections leased. */
    int getActiveConnections();

    /** Connections ready to lease. */
    int getIdleConnections();

    /** Connections being reset after a lease, checked, reopened or waiting for the database. */
    int getMaintenanceConnections();

    /** Lease calls waiting for a connection. */
    int getThreadsAwaitingConnection();

    /** Leases granted since the server started. */
    long getGrantedLeases();

    /** Lease calls that found no connection in time. */
    long getTimeouts();

    /** Leases taken back because they were not renewed. */
    long getExpiredLeases();

    /** Calls on tokens the caller did not hold. */
    long getRefusedCalls();

    /** Whether the thread that takes back expired leases and schedules maintenance is running. */
    boolean isMaintainerAlive();
}
