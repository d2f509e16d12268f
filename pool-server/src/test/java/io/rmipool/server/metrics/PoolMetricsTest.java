package io.rmipool.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.LoginMac;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.server.rmi.ServerFixture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters as the RMI layer and the pool feed them, read from the registry after each step. */
class PoolMetricsTest {
    private ServerFixture fixture;
    private MeterRegistry meters;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.start(); // 2 connections
        meters = fixture.meters;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private double gauge(String name) {
        return meters.get(name).tag("pool", "pool").gauge().value();
    }

    private double counter(String name) {
        return meters.get(name).tag("pool", "pool").functionCounter().count();
    }

    @Test
    void theGaugesFollowLeasesAndTheTimerCountsGrantedLeaseCalls() throws Exception {
        PoolSession session = fixture.login("metered");
        assertThat(gauge("rmipool.connections")).isEqualTo(2);
        assertThat(gauge("rmipool.connections.max")).isEqualTo(2);
        assertThat(gauge("rmipool.connections.min")).isEqualTo(2);
        assertThat(gauge("rmipool.connections.idle")).isEqualTo(2);

        long first = session.lease(0);
        assertThat(gauge("rmipool.connections.active")).isEqualTo(1);
        assertThat(gauge("rmipool.connections.idle")).isEqualTo(1);
        long second = session.lease(0);
        assertThat(gauge("rmipool.connections.active")).isEqualTo(2);
        assertThatThrownBy(() -> session.lease(0)).isInstanceOf(PoolExhaustedException.class);
        assertThat(counter("rmipool.connections.timeout")).isEqualTo(1);
        assertThat(meters.get("rmipool.connections.acquire").tag("pool", "pool").timer().count())
                .as("granted lease calls only").isEqualTo(2);
        assertThat(meters.get("rmipool.connections.acquire").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();

        Timer usage = meters.get("rmipool.connections.usage").tag("pool", "pool").timer();
        assertThat(usage.count()).as("no lease has ended yet").isZero();
        session.release(first);
        session.release(second);
        assertThat(gauge("rmipool.connections.active")).isZero();
        assertThat(usage.count()).isEqualTo(2);
        assertThat(usage.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        Timer creation = meters.get("rmipool.connections.creation").tag("pool", "pool").timer();
        assertThat(creation.count()).as("the pool's two connections, opened at its start").isEqualTo(2);
        assertThat(creation.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        for (Timer timer : new Timer[] {usage, creation}) {
            assertThat(timer.takeSnapshot().percentileValues()).as(timer.getId().getName())
                    .extracting(v -> v.percentile()).containsExactly(0.5, 0.95, 0.99);
            assertThat(timer.takeSnapshot().percentileValues()[2].value(TimeUnit.NANOSECONDS)).isPositive();
        }
        assertThat(session.release(first)).as("a double release is harmless").isFalse();
        assertThat(counter("rmipool.calls.refused")).isZero();
        assertThatThrownBy(() -> session.release(first + (1 << 16))).isInstanceOf(LeaseNotHeldException.class);
        assertThat(counter("rmipool.calls.refused")).isEqualTo(1);
    }

    @Test
    void failedLoginsAreCounted() throws Exception {
        PoolGateway gateway = fixture.gateway();
        byte[] challenge = gateway.challenge();
        assertThatThrownBy(() -> gateway.login("intruder", challenge,
                LoginMac.compute("guess-guess-guess".getBytes(StandardCharsets.UTF_8), challenge)))
                .isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> gateway.login("in valid\n", gateway.challenge(), new byte[32]))
                .isInstanceOf(NotAuthenticatedException.class);
        assertThat(meters.get("rmipool.logins.failed").tag("pool", "pool").counter().count()).isEqualTo(2);
        fixture.login("honest");
        assertThat(meters.get("rmipool.logins.failed").counter().count()).isEqualTo(2);
    }
}
