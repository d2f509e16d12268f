package io.rmipool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolExhaustedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library against {@link FakePoolServer}: real RMI on loopback, in this JVM. */
class PoolClientTest {
    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

    private FakePoolServer server;

    /** As the command line does: every stub and result below passes the client's filter. */
    @BeforeAll
    static void installSerialFilter() {
        ClientSerialFilter.install();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private ClientSettings settings(byte[] secret) {
        return new ClientSettings("localhost", server.port(), "pool", secret, null, Duration.ofSeconds(2));
    }

    @Test
    void leasesReleasesAndReadsStats() throws Exception {
        server = FakePoolServer.start(2, SECRET, Duration.ofSeconds(30));
        try (PoolClient client = PoolClient.connect(settings(SECRET))) {
            LeasedConnection a = client.lease(Duration.ZERO);
            LeasedConnection b = client.lease(Duration.ZERO);
            assertThat(a.connectionId()).isNotEqualTo(b.connectionId());
            assertThat(b.token()).isGreaterThan(a.token());
            assertThatThrownBy(() -> client.lease(Duration.ZERO)).isInstanceOf(PoolExhaustedException.class);
            assertThat(client.stats().leased()).isEqualTo(2);

            a.close();
            a.close(); // idempotent: no second release reaches the server
            b.close();
            assertThat(client.stats()).satisfies(s -> {
                assertThat(s.idle()).isEqualTo(2);
                assertThat(s.granted()).isEqualTo(2);
                assertThat(s.timeouts()).isEqualTo(1);
                assertThat(s.refused()).isZero();
            });
        }
    }

    @Test
    void wrongSecretIsNotAuthenticated() throws Exception {
        server = FakePoolServer.start(1, SECRET, Duration.ofSeconds(30));
        assertThatThrownBy(() -> PoolClient.connect(settings("wrong".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void unknownNameIsUnreachableAndNamesTheRegistry() throws Exception {
        server = FakePoolServer.start(1, null, Duration.ofSeconds(30));
        ClientSettings s = new ClientSettings("localhost", server.port(), "nope", null, null, null);
        assertThatThrownBy(() -> PoolClient.connect(s))
                .isInstanceOf(ServerUnreachableException.class)
                .hasMessage("no object named 'nope' in the registry at localhost:" + server.port());
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int port = FakePoolServer.freePort();
        assertThatThrownBy(() -> PoolClient.connect(ClientSettings.of("localhost", port)))
                .isInstanceOf(ServerUnreachableException.class)
                .hasMessage("cannot reach pool server at localhost:" + port + ": connection refused");
    }

    @Test
    void renewsInTheBackground() throws Exception {
        server = FakePoolServer.start(1, null, Duration.ofMillis(300));
        try (PoolClient client = PoolClient.connect(settings(null));
             LeasedConnection c = client.lease(Duration.ZERO)) {
            var first = c.lease().expiresAt();
            await().atMost(Duration.ofSeconds(5)).until(() -> c.lease().expiresAt().isAfter(first));
            assertThat(c.isLost()).isFalse();
        }
    }

    @Test
    void aLeaseTheServerTookBackIsLostAndClosesQuietly() throws Exception {
        server = FakePoolServer.start(1, null, Duration.ofMillis(300));
        try (PoolClient client = PoolClient.connect(settings(null))) {
            LeasedConnection c = client.lease(Duration.ZERO);
            server.expire(c.token());
            await().atMost(Duration.ofSeconds(5)).until(c::isLost);
            c.close();
            assertThat(server.leasedCount()).isZero();
        }
    }

    @Test
    void releaseOfALeaseAlreadyTakenBackIsNotThrown() throws Exception {
        server = FakePoolServer.start(1, null, Duration.ofSeconds(30));
        try (PoolClient client = PoolClient.connect(settings(null))) {
            LeasedConnection c = client.lease(Duration.ZERO);
            server.expire(c.token());
            c.close(); // the server answers LeaseNotHeldException: logged at WARN
            assertThat(client.stats().refused()).isEqualTo(1);
        }
    }

    @Test
    void whenTheServerClosedTheSessionTheNextLeaseLogsInAgainAndOldLeasesAreLost() throws Exception {
        server = FakePoolServer.start(2, SECRET, Duration.ofMillis(300));
        try (PoolClient client = PoolClient.connect(settings(SECRET))) {
            LeasedConnection old = client.lease(Duration.ZERO);
            assertThat(server.logins()).isEqualTo(1);

            server.closeSessions(); // what the server does after --session-idle-timeout
            await("the renewal finds out").atMost(Duration.ofSeconds(5)).until(old::isLost);

            LeasedConnection fresh = client.lease(Duration.ZERO);
            assertThat(server.logins()).as("one new login").isEqualTo(2);
            assertThat(fresh.token()).isGreaterThan(old.token());
            assertThat(client.stats().leased()).isEqualTo(2);
            assertThat(old.isLost()).as("never carried over to the new session").isTrue();
        }
    }
}
