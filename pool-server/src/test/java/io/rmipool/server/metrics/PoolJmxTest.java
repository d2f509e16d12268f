package io.rmipool.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.Lease;
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
        try (ServerFixture fixture = ServerFixture.start(); PoolJmx ignored = PoolJmx.register("jmx-test", fixture.pool)) {
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
}
