package io.rmipool.server.rmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.LoginMac;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.SessionClosedException;
import java.nio.charset.StandardCharsets;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RMI adapter over real loopback RMI in one JVM: login, fencing per session, the filters. */
class RmiPoolServerTest {
    private ServerFixture fixture;
    private PoolGateway gateway;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.start();
        gateway = fixture.gateway();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aLoggedInClientLeasesAndReleasesOverRmi() throws Exception {
        PoolSession session = fixture.login("test-client");
        java.time.Instant asked = java.time.Instant.now();
        long token = session.lease(0);
        assertThat(session.stats().leased()).isEqualTo(1);
        assertThat(session.leaseTtlMillis()).isEqualTo(ServerFixture.LEASE_TTL.toMillis());
        Lease renewed = session.renew(token);
        assertThat(renewed.token()).isEqualTo(token);
        assertThat(renewed.connectionId()).isEqualTo(Lease.connectionIdOf(token)).isBetween(0, 1);
        assertThat(renewed.expiresAt()).isAfterOrEqualTo(asked.plus(ServerFixture.LEASE_TTL));
        assertThat(session.release(token)).isTrue();
        assertThat(session.stats().idle()).isEqualTo(2);
        assertThat(session.stats().maintainerAlive()).isTrue();
    }

    @Test
    void aWrongSecretOrAReplayedChallengeIsRefused() throws Exception {
        byte[] challenge = gateway.challenge();
        assertThatThrownBy(() -> gateway.login("intruder", challenge,
                LoginMac.compute("guess-guess-guess".getBytes(StandardCharsets.UTF_8), challenge)))
                .isInstanceOf(NotAuthenticatedException.class)
                .hasMessage("authentication failed");
        // the right mac for a challenge that was already used once
        assertThatThrownBy(() -> gateway.login("intruder", challenge, LoginMac.compute(ServerFixture.SECRET, challenge)))
                .isInstanceOf(NotAuthenticatedException.class)
                .hasMessage("authentication failed");
        assertThat(fixture.login("honest").stats().refused()).isEqualTo(2);
    }

    @Test
    void aTokenIsHonouredOnlyForTheSessionItWasGrantedTo() throws Exception {
        PoolSession alice = fixture.login("alice");
        PoolSession bob = fixture.login("bob");
        long token = alice.lease(0);
        assertThatThrownBy(() -> bob.release(token)).isInstanceOf(LeaseNotHeldException.class)
                .hasMessage("lease " + token + " is not held by this session");
        assertThat(alice.stats().leased()).isEqualTo(1);
    }

    @Test
    void logoutReleasesTheSessionsLeasesAndClosesIt() throws Exception {
        PoolSession session = fixture.login("leaver");
        session.lease(0);
        session.lease(0);
        session.logout();
        assertThat(fixture.login("observer").stats().idle()).isEqualTo(2);
        // the session is unexported; a connection for it is no longer accepted either
        assertThatThrownBy(() -> session.lease(0)).isInstanceOfAny(NoSuchObjectException.class, RemoteException.class);
    }

    @Test
    void anOversizedPayloadIsRejectedByTheFilterBeforeAnyCodeRuns() throws Exception {
        assertThatThrownBy(() -> gateway.login("big", new byte[(16 << 20) + 1], new byte[32]))
                .isInstanceOf(RemoteException.class)
                .isNotInstanceOf(NotAuthenticatedException.class);
        // refused twice: by the filter, then the array's bytes, read as the next message, drop the connection
        PoolSession observer = fixture.login("observer");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> observer.stats().refused() == 2);
    }

    @Test
    void aSessionIdleForLongerThanItsTimeoutIsClosedAndItsLeasesReleased() throws Exception {
        fixture.close();
        fixture = ServerFixture.start(io.rmipool.server.net.NetSettings.loopback(),
                new SessionSettings(10, 10, java.time.Duration.ofSeconds(1)), null);
        PoolSession idle = fixture.login("idle-client");
        idle.lease(0);
        PoolSession observer = fixture.login("observer");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> observer.stats().idle() == 2);
        assertThatThrownBy(() -> idle.lease(0)).isInstanceOfAny(RemoteException.class, SessionClosedException.class);
    }
}
