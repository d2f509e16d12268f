package io.rmipool.server.metrics;

import io.rmipool.api.AdminReport;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolStats;
import io.rmipool.server.admin.PoolAdministration;
import io.rmipool.server.pool.ConnectionPool;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers a pool's {@link PoolMXBean} in the platform MBean server, and removes it on close. JMX is
 * reached locally (the JDK's attach mechanism, as JConsole does: the same user on the same host), or
 * remotely only where an operator enables the JDK's own JMX agent. Thread-safe: reads go to the pool.
 */
public final class PoolJmx implements PoolMXBean, AutoCloseable {
    /** Who the admin log lines name for an operation over JMX: whoever may attach to this JVM. */
    private static final String WHO = "a JMX client";
    private final ConnectionPool pool;
    private final PoolAdministration administration;
    private final MBeanServer server;
    private final ObjectName name;

    private PoolJmx(ConnectionPool pool, PoolAdministration administration, MBeanServer server, ObjectName name) {
        this.pool = pool;
        this.administration = administration;
        this.server = server;
        this.name = name;
    }

    /** The name a pool called {@code poolName} is registered under. */
    public static ObjectName objectName(String poolName) throws JMException {
        return new ObjectName("io.rmipool:type=Pool,name=" + ObjectName.quote(poolName));
    }

    /**
     * Registers {@code pool} under {@link #objectName}.
     *
     * @throws JMException when a bean of that name is registered already (another pool of the same name)
     */
    public static PoolJmx register(String poolName, ConnectionPool pool, PoolAdministration administration)
            throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        PoolJmx bean = new PoolJmx(pool, administration, server, objectName(poolName));
        server.registerMBean(bean, bean.name);
        return bean;
    }

    private PoolStats stats() {
        return pool.stats();
    }

    @Override
    public int getTotalConnections() {
        return stats().max();
    }

    @Override
    public int getActiveConnections() {
        return stats().leased();
    }

    @Override
    public int getIdleConnections() {
        return stats().idle();
    }

    @Override
    public int getMaintenanceConnections() {
        return stats().maintenance();
    }

    @Override
    public int getThreadsAwaitingConnection() {
        return stats().waiting();
    }

    @Override
    public long getGrantedLeases() {
        return stats().granted();
    }

    @Override
    public long getTimeouts() {
        return stats().timeouts();
    }

    @Override
    public long getExpiredLeases() {
        return stats().expired();
    }

    @Override
    public long getRefusedCalls() {
        return stats().refused();
    }

    @Override
    public boolean isMaintainerAlive() {
        return stats().maintainerAlive();
    }

    @Override
    public int getTargetConnections() {
        return stats().target();
    }

    @Override
    public boolean isPaused() {
        return stats().paused();
    }

    @Override
    public String suspendPool() {
        return run(() -> administration.pause(WHO));
    }

    @Override
    public String resumePool() {
        return run(() -> administration.resume(WHO));
    }

    @Override
    public String softEvictConnections() {
        return run(() -> administration.evict(WHO));
    }

    @Override
    public String resize(int connections) {
        return run(() -> administration.resize(WHO, connections));
    }

    private interface Operation {
        AdminReport run() throws PoolException;
    }

    /**
     * Runs an admin operation for a JMX client, whose side has none of our classes: a refusal travels as
     * the JDK exception that means the same, with the message.
     */
    private static String run(Operation operation) {
        try {
            return operation.run().summary();
        } catch (InvalidArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (PoolException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            // already gone
        }
    }
}
