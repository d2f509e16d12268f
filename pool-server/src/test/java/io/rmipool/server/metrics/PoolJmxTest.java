package io.rmipool.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.Lease;
import io.rmipool.server.admin.PoolAdministration;
import io.rmipool.server.rmi.ServerFixture;
import java.lang.management.ManagementFactory;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The pool's MXBean as a JMX client reads it: through the MBean server, by name, as the pool changes. */
class PoolJmxTest {
    @Test
    void aJmxClientReadsThePoolsCountsAsTheyChange() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = PoolJmx.objectName("jmx-test");
        try (ServerFixture fixture = ServerFixture.start();
             PoolJmx ignored = PoolJmx.register("jmx-test", fixture.pool, new PoolAdministration(fixture.pool, () -> { }))) {
            PoolMXBean bean = JMX.newMXBeanProxy(mbeans, name, PoolMXBean.class);
            assertThat(bean.getTotalConnections()).isEqualTo(2);
            assertThat(bean.getIdleConnections()).isEqualTo(2);
            assertThat(bean.isMaintainerAlive()).isTrue();

            Lease lease = fixture.pool.lease("me", 0);
            assertThat(mbeans.getAttribute(name, "ActiveConnections")).isEqualTo(1);
            assertThat(bean.getIdleConnections()).isEqualTo(1);
            assertThat(bean.getGrantedLeases()).isEqualTo(1);
            fixture.pool.release("me", lease.token());
            assertThat(bean.getActiveConnections()).isZero();
        }
        assertThat(mbeans.isRegistered(name)).as("unregistered on close").isFalse();
    }

    /** The admin operations, invoked by name as JConsole does; a refusal arrives as a JDK exception any JMX client can read. */
    @Test
    void aJmxClientRunsTheAdminOperations() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = PoolJmx.objectName("jmx-admin-test");
        try (ServerFixture fixture = ServerFixture.start();
             PoolJmx ignored = PoolJmx.register("jmx-admin-test", fixture.pool, new PoolAdministration(fixture.pool, () -> { }))) {
            assertThat(mbeans.invoke(name, "suspendPool", null, null)).asString().startsWith("paused");
            assertThat(mbeans.getAttribute(name, "Paused")).isEqualTo(true);
            assertThatThrownBy(() -> fixture.pool.lease("me", 0)).hasMessageContaining("paused");
            mbeans.invoke(name, "resumePool", null, null);
            assertThat(fixture.pool.stats().paused()).isFalse();

            assertThat(mbeans.invoke(name, "resize", new Object[] {3}, new String[] {"int"}))
                    .isEqualTo("resized from 2 to 3 connections: 1 opening");
            assertThat(mbeans.getAttribute(name, "TargetConnections")).isEqualTo(3);
            assertThatThrownBy(() -> mbeans.invoke(name, "resize", new Object[] {0}, new String[] {"int"}))
                    .hasRootCauseInstanceOf(IllegalArgumentException.class);
            assertThat(mbeans.invoke(name, "softEvictConnections", null, null)).asString().startsWith("evicted: ");
        }
    }
}
