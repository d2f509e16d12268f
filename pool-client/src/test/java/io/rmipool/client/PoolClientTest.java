package io.rmipool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolExhaustedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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

    @Test
    void aCallToAServerThatStoppedAnsweringFailsAtItsTimeoutInsteadOfHanging() throws Exception {
        server = FakePoolServer.start(1, SECRET, Duration.ofSeconds(30));
        CountDownLatch answerAgain = new CountDownLatch(1);
        try (PoolClient client = PoolClient.connect(settings(SECRET).withCallTimeout(Duration.ofMillis(500)))) {
            server.stopAnswering(-1, answerAgain);
            long start = System.nanoTime();
            assertThatThrownBy(client::stats).isInstanceOf(ServerUnreachableException.class)
                    .hasMessageContaining("no answer within the call timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            answerAgain.countDown();
            assertThat(client.stats().max()).as("the next call works again").isEqualTo(1);
        } finally {
            answerAgain.countDown();
        }
    }

    @Test
    void oneRenewalStuckOnASilentServerDoesNotStopTheOthers() throws Exception {
        server = FakePoolServer.start(2, SECRET, Duration.ofMillis(600));
        CountDownLatch answerAgain = new CountDownLatch(1);
        try (PoolClient client = PoolClient.connect(settings(SECRET))) {
            LeasedConnection stuck = client.lease(Duration.ZERO);
            LeasedConnection other = client.lease(Duration.ZERO);
            server.stopAnswering(stuck.token(), answerAgain); // only this lease's renewals get no answer
            java.time.Instant before = other.lease().expiresAt();
            await("the other lease keeps being renewed").atMost(Duration.ofSeconds(5))
                    .until(() -> other.lease().expiresAt().isAfter(before.plusMillis(400)));
            assertThat(other.isLost()).isFalse();
        } finally {
            answerAgain.countDown();
        }
    }

    @Test
    void aLostLeaseSaysWhyOnEveryLaterCallWithoutAskingTheServer() throws Exception {
        server = FakePoolServer.start(1, null, Duration.ofMillis(300));
        try (PoolClient client = PoolClient.connect(settings(null))) {
            LeasedConnection c = client.lease(Duration.ZERO);
            server.expire(c.token());
            await().atMost(Duration.ofSeconds(5)).until(c::isLost);
            assertThat(c.lostReason()).contains("lease " + c.token());
            int callsBefore = server.sqlCalls().size();
            assertThatThrownBy(() -> c.execute("select 1")).isInstanceOf(io.rmipool.api.LeaseNotHeldException.class)
                    .hasMessageContaining("was lost");
            assertThat(server.sqlCalls()).hasSize(callsBefore);
        }
    }

    @Test
    void afterAServerRestartTheNextLeaseLogsInAgainAndLeasesOfBeforeAreLost() throws Exception {
        server = FakePoolServer.start(2, SECRET, Duration.ofMillis(600));
        try (PoolClient client = PoolClient.connect(settings(SECRET))) {
            LeasedConnection before = client.lease(Duration.ZERO);
            server.forgetEverything(); // what a restart looks like to the client: the session is unknown

            await("the renewal finds the session gone").atMost(Duration.ofSeconds(5)).until(before::isLost);
            LeasedConnection after = client.lease(Duration.ZERO);
            assertThat(server.logins()).as("logged in to the new server").isEqualTo(1);
            assertThat(after.isLost()).isFalse();
            assertThat(client.stats().leased()).as("the old lease was not carried over").isEqualTo(1);
            assertThatThrownBy(() -> before.execute("select 1")).hasMessageContaining("was lost");
        }
    }
}
