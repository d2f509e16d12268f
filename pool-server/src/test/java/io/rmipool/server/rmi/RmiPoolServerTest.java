package io.rmipool.server.rmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.LoginMac;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.transport.EndpointSocketFactory;
import io.rmipool.server.jdbc.JdbcConnector;
import io.rmipool.server.jdbc.SqlLimits;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.pool.DatabaseConnectionPool;
import io.rmipool.server.pool.PoolSettings;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RMI adapter over real loopback RMI in one JVM: login, fencing per session, the filter. */
class RmiPoolServerTest {
    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

    private DatabaseConnectionPool pool;
    private RmiPoolServer server;
    private PoolGateway gateway;
    private int port;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        pool = DatabaseConnectionPool.open(
                new JdbcConnector("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", Duration.ofMinutes(1)),
                PoolSettings.of(2, Duration.ofMinutes(1)));
        server = new RmiPoolServer(port, "pool", SECRET, pool,
                new SqlRunner(new SqlLimits(100, Duration.ofSeconds(5))));
        Registry registry = LocateRegistry.getRegistry("localhost", port,
                EndpointSocketFactory.routed(2000, "localhost", port));
        gateway = EndpointSocketFactory.routedThrough("localhost", port, () -> (PoolGateway) registry.lookup("pool"));
    }

    @AfterEach
    void stop() {
        server.close();
        pool.close();
    }

    private PoolSession login(String clientId) throws Exception {
        byte[] challenge = gateway.challenge();
        return EndpointSocketFactory.routedThrough("localhost", port,
                () -> gateway.login(clientId, challenge, LoginMac.compute(SECRET, challenge)));
    }

    @Test
    void aLoggedInClientLeasesAndReleasesOverRmi() throws Exception {
        PoolSession session = login("test-client");
        Lease lease = session.lease(0);
        assertThat(session.stats().leased()).isEqualTo(1);
        assertThat(session.renew(lease.token()).expiresAt()).isAfterOrEqualTo(lease.expiresAt());
        assertThat(session.release(lease.token())).isTrue();
        assertThat(session.stats().idle()).isEqualTo(2);
    }

    @Test
    void aWrongSecretOrAReplayedChallengeIsRefused() throws Exception {
        byte[] challenge = gateway.challenge();
        assertThatThrownBy(() -> gateway.login("intruder", challenge, LoginMac.compute("guess".getBytes(), challenge)))
                .isInstanceOf(NotAuthenticatedException.class)
                .hasMessage("authentication failed");
        // the right mac for a challenge that was already used once
        assertThatThrownBy(() -> gateway.login("intruder", challenge, LoginMac.compute(SECRET, challenge)))
                .isInstanceOf(NotAuthenticatedException.class)
                .hasMessage("authentication failed");
        assertThat(login("honest").stats().refused()).isEqualTo(2);
    }

    @Test
    void aTokenIsHonouredOnlyForTheSessionItWasGrantedTo() throws Exception {
        PoolSession alice = login("alice");
        PoolSession bob = login("bob");
        Lease lease = alice.lease(0);
        assertThatThrownBy(() -> bob.release(lease.token())).isInstanceOf(LeaseNotHeldException.class);
        assertThat(alice.stats().leased()).isEqualTo(1);
    }

    @Test
    void logoutReleasesTheSessionsLeasesAndClosesIt() throws Exception {
        PoolSession session = login("leaver");
        session.lease(0);
        session.lease(0);
        session.logout();
        assertThat(login("observer").stats().idle()).isEqualTo(2);
        assertThatThrownBy(() -> session.lease(0)).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void anOversizedPayloadIsRejectedByTheFilterBeforeAnyCodeRuns() throws Exception {
        assertThatThrownBy(() -> gateway.login("big", new byte[(16 << 20) + 1], new byte[32]))
                .isInstanceOf(RemoteException.class)
                .isNotInstanceOf(NotAuthenticatedException.class);
        assertThat(login("observer").stats().refused()).isEqualTo(1);
    }
}
