package io.rmipool.server.metrics;

/**
 * The pool in JMX ({@code io.rmipool:type=Pool,name=<pool name>}), for JConsole, VisualVM or any JMX
 * client: the gauges and counters of {@link PoolMetrics}, named as HikariCP's {@code HikariPoolMXBean}
 * names its own where they mean the same. Each read is one consistent snapshot of the pool's counts.
 * The admin operations of {@code pool-client admin}, except the drain: it stops the server, which would
 * cut off JMX's own answer (use {@code pool-client admin drain}, or {@code --drain-on-stop} and SIGTERM).
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

    /** Connections the pool is meant to have (the configured number, or the last resize). */
    int getTargetConnections();

    /** Whether an admin paused the pool: new leases wait. */
    boolean isPaused();

    /**
     * Pauses the pool: new leases wait, held ones go on (HikariCP's name). Each operation returns what
     * happened; a refusal is an {@code IllegalArgumentException} (a bad argument) or an
     * {@code IllegalStateException} (e.g. the pool is draining).
     */
    String suspendPool();

    /** Ends a pause (HikariCP's name). */
    String resumePool();

    /** Replaces every connection: idle ones now, leased ones when they come back (HikariCP's name). */
    String softEvictConnections();

    /** Grows or shrinks the pool; a shrink never takes a connection from its holder. */
    String resize(int connections);
}
