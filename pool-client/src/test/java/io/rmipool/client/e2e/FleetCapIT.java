package io.rmipool.client.e2e;

import static io.rmipool.client.e2e.JavaProcess.runClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.FleetStats;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolSession;
import io.rmipool.api.transport.ClientTransport;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import io.rmipool.client.PoolFleetClient;
import io.rmipool.client.ServerUnreachableException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several real server processes on one PostgreSQL sharing one cap through a real ZooKeeper (curator-test,
 * in this JVM). Invariant, checked on every sample of {@code pg_stat_activity} (every 20 ms, throughout
 * each test): the servers together never have more backends open than the cap. Each test prints what it
 * measured; docs/reliability.md quotes these lines.
 */
@EnabledIfPostgres
class FleetCapIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final String SECRET = "it-fleet-cap-secret-of-32-bytes!";
    private static final Map<String, String> ENV = Map.of("POOL_SECRET", SECRET);

    /** Marks the servers' connections in pg_stat_activity. */
    private final String application = "rmipool-fleet-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<PoolServerProcess> servers = new ArrayList<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger peak = new AtomicInteger();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private TestingServer zookeeper;
    private Connection observer;
    private int cap;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
        observer = TestPostgres.connect();
    }

    @AfterEach
    void stopAll() throws Exception {
        threads.shutdownNow();
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        servers.forEach(PoolServerProcess::close);
        observer.close();
        zookeeper.close();
    }

    /** Samples the servers' backends every 20 ms from now on; a sample above the cap is a violation. */
    private void watchTheCap(int cap) {
        this.cap = cap;
        sampler.scheduleAtFixedRate(() -> {
            try {
                int open = TestPostgres.backends(observer, application);
                peak.accumulateAndGet(open, Math::max);
                if (open > cap) {
                    violations.add(open + " backends open with a cap of " + cap);
                }
            } catch (Exception e) {
                violations.add("could not sample pg_stat_activity: " + e);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    private PoolServerProcess server(int port, int maxConnections, String sessionTimeout) throws Exception {
        PoolServerProcess server = PoolServerProcess.startOn(port, SECRET,
                Map.of("POOL_JDBC_USER", TestPostgres.USER, "POOL_JDBC_PASSWORD", TestPostgres.PASSWORD),
                "--jdbc-url", TestPostgres.urlFor(application),
                "--max-connections", Integer.toString(maxConnections),
                "--zookeeper", zookeeper.getConnectString(), "--global-max-connections", Integer.toString(cap),
                "--zookeeper-session-timeout", sessionTimeout, "--fleet-idle-release", "60s");
        servers.add(server);
        return server;
    }

    private PoolServerProcess server(int maxConnections, String sessionTimeout) throws Exception {
        return server(PoolServerProcess.freePort(), maxConnections, sessionTimeout);
    }

    private static ClientSettings settings(PoolServerProcess server, String id) {
        return new ClientSettings("localhost", server.port(), "pool",
                SECRET.getBytes(StandardCharsets.UTF_8), id, Duration.ofSeconds(5));
    }

    @Test
    void threeServersUnderStressFromClientsSpreadOverAllNeverExceedTheCapTogether() throws Exception {
        watchTheCap(5);
        PoolServerProcess a = server(3, "10s");
        PoolServerProcess b = server(3, "10s");
        PoolServerProcess c = server(3, "10s");
        // the client is given one server and discovers the other two from it (once b has seen them announced)
        await().atMost(Duration.ofSeconds(30)).until(() -> b.stats().fleet().members().size() == 3);
        JavaProcess discovered = runClient(CLIENT_TIMEOUT, ENV, "stats", "--server", b.address(), "--discover");
        assertThat(discovered.exitCode()).as("stderr: %s", discovered.stderr()).isZero();
        List<String> blocks = discovered.stdout().stream().filter(l -> l.startsWith("server ")).toList();
        assertThat(blocks).first().isEqualTo("server " + b.address());
        assertThat(blocks).containsExactlyInAnyOrder("server " + a.address(), "server " + b.address(), "server " + c.address());

        // 6 processes over 3 servers of 1 connection each at first: callers wait, so the servers grow
        JavaProcess stress = runClient(CLIENT_TIMEOUT, ENV, "stress", "--processes", "6", "--cycles", "1000",
                "--warmup", "100", "--sql", "select pg_sleep(0.0005)", "--server", a.address(), "--discover");
        assertThat(stress.exitCode()).as("stderr: %s", stress.stderr()).isZero();
        assertThat(stress.stdout()).singleElement().asString().contains("failed=0 duplicates=0");
        assertThat(violations).as("every sample within the cap").isEmpty();
        assertThat(peak.get()).as("the servers grew beyond their first connection each").isGreaterThan(3);

        FleetStats fleetSeenByA = a.stats().fleet();
        assertThat(fleetSeenByA.cap()).isEqualTo(5);
        assertThat(fleetSeenByA.members()).hasSize(3);
        assertThat(fleetSeenByA.held()).isBetween(3, 5);
        JavaProcess stats = runClient(CLIENT_TIMEOUT, ENV, "stats", "--server", a.address());
        assertThat(stats.stdout()).anyMatch(l -> l.startsWith("fleet:") && l.contains("pool: ")
                && l.contains(" of 5 connections held by 3 servers"));
        for (PoolServerProcess s : List.of(a, b, c)) {
            assertThat(s.stats().granted()).as("each server served its share").isGreaterThanOrEqualTo(1000);
        }
        System.out.printf("fleet cap: 3 servers, cap 5, 6 stress processes x 1,000 cycles: peak %d backends, %s%n",
                peak.get(), stress.stdout().get(0));
    }

    /** A server given another cap than its fleet's live servers: one line naming them, exit 2, and the fleet serves on. */
    @Test
    void aServerGivenAnotherCapThanItsFleetIsRefusedAtStart() throws Exception {
        watchTheCap(2);
        PoolServerProcess a = server(2, "10s");
        try (JavaProcess other = JavaProcess.start(JavaProcess.SERVER_JAR, Map.of("POOL_SECRET", SECRET),
                "--port", Integer.toString(PoolServerProcess.freePort()), "--zookeeper", zookeeper.getConnectString(),
                "--global-max-connections", "3")) {
            assertThat(other.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(other.stderr()).singleElement().asString().startsWith("pool-server: ")
                    .contains(a.address() + " (cap 2)", "same --global-max-connections");
        }
        assertThat(a.stats().fleet().members()).hasSize(1);
        assertThat(violations).isEmpty();
    }

    /**
     * A server SIGKILLed while it holds most of the cap: its clients' leases there are reported lost and
     * their next leases go to the survivor, which grows into the dead server's places once ZooKeeper has
     * expired its session (2 s here).
     */
    @Test
    void aKilledServersPlacesGoToTheSurvivorOnceItsSessionExpires() throws Exception {
        watchTheCap(4);
        PoolServerProcess a = server(4, "2s");
        PoolServerProcess b = server(4, "2s");
        List<LeasedConnection> onA = new ArrayList<>();
        PoolClient clientOfA = PoolClient.connect(settings(a, "holder"));
        try (PoolFleetClient fleetClient = PoolFleetClient.of(List.of(settings(a, "worker"), settings(b, "worker")))) {
            onA.add(clientOfA.lease(Duration.ZERO));
            for (int i = 0; i < 2; i++) {
                onA.add(clientOfA.lease(Duration.ofSeconds(20))); // a grows to 3: with b's 1, the cap is full
            }
            assertThat(a.stats().max()).isEqualTo(3);

            a.process().kill(); // SIGKILL: no goodbye, its ZooKeeper session lingers until it expires
            long killed = System.nanoTime();
            a.awaitExit(Duration.ofSeconds(30));
            assertThatThrownBy(() -> onA.get(0).execute("select 1")).as("a lease on the dead server is lost, not moved")
                    .isInstanceOf(ServerUnreachableException.class);

            // four callers through the fleet client: all land on b, which grows from 1 to 4 as a's places come back
            List<Future<LeasedConnection>> leases = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                leases.add(threads.submit(() -> fleetClient.lease(Duration.ofSeconds(60))));
            }
            List<LeasedConnection> onB = new ArrayList<>();
            for (Future<LeasedConnection> f : leases) {
                onB.add(f.get(90, TimeUnit.SECONDS));
            }
            double seconds = (System.nanoTime() - killed) / 1e9;
            assertThat(onB).allMatch(l -> l.server().equals(b.address()));
            assertThat(b.stats().max()).isEqualTo(4);
            for (LeasedConnection l : onB) {
                assertThat(l.execute("select 1").rows()).hasSize(1);
                l.close();
            }
            assertThat(violations).isEmpty();
            System.out.printf("fleet failover: server killed holding 3 of cap 4 (session timeout 2 s): "
                    + "the survivor held all 4 after %.2f s%n", seconds);
        } finally {
            closeKilled(clientOfA);
        }
    }

    /** Closes a client of a server that was killed: there is no session left to log out of. */
    private static void closeKilled(PoolClient client) {
        try {
            client.close();
        } catch (ServerUnreachableException e) {
            // as expected
        }
    }

    /**
     * ZooKeeper stopped for longer than the session timeout: while suspended a server serves its held
     * leases; once the session is lost it takes them back and closes its connections (another server may
     * hold those places by now); with ZooKeeper back both servers grow to demand again. Never above the cap.
     */
    @Test
    void zooKeeperGoneLongerThanTheSessionTimeoutClosesConnectionsAndTheFleetRecovers() throws Exception {
        watchTheCap(3);
        // the default session timeout: the loss is assumed a tenth of it (1 s) after the suspension, which
        // leaves the held lease time to show it still serves meanwhile
        PoolServerProcess a = server(3, "10s");
        PoolServerProcess b = server(3, "10s");
        try (PoolClient clientOfA = PoolClient.connect(settings(a, "holder"))) {
            LeasedConnection held = clientOfA.lease(Duration.ZERO);
            zookeeper.stop();
            long stopped = System.nanoTime();
            assertThat(held.execute("select 1").rows()).as("suspended: the held lease still serves").hasSize(1);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> TestPostgres.backends(application) == 0);
            double closedAfter = (System.nanoTime() - stopped) / 1e9;
            assertThatThrownBy(() -> held.execute("select 1")).as("the lease was taken back with the lost session")
                    .isInstanceOf(LeaseNotHeldException.class);

            zookeeper.restart();
            long restarted = System.nanoTime();
            try (LeasedConnection again = clientOfA.lease(Duration.ofSeconds(60));
                 PoolClient clientOfB = PoolClient.connect(settings(b, "other"));
                 LeasedConnection onB = clientOfB.lease(Duration.ofSeconds(60))) {
                assertThat(again.execute("select 1").rows()).hasSize(1);
                assertThat(onB.execute("select 1").rows()).hasSize(1);
            }
            double recoveredAfter = (System.nanoTime() - restarted) / 1e9;
            assertThat(violations).isEmpty();
            System.out.printf("fleet without ZooKeeper (session timeout 10 s): every backend closed %.2f s after "
                    + "ZooKeeper stopped; leases again on both servers %.2f s after it restarted%n", closedAfter, recoveredAfter);
        }
    }

    /** A server restarted on its port, in the same fleet: a new epoch, and its tokens from before are refused. */
    @Test
    void aRestartedServerRefusesTheTokensOfItsEarlierRun() throws Exception {
        watchTheCap(2);
        int port = PoolServerProcess.freePort();
        PoolServerProcess first = server(port, 2, "2s");
        PoolClient client = PoolClient.connect(settings(first, "holder"));
        long oldToken = client.lease(Duration.ZERO).token();
        first.process().kill();
        first.awaitExit(Duration.ofSeconds(30));
        closeKilled(client);
        assertThat(oldToken).isPositive();
        PoolServerProcess second = server(port, 2, "2s");
        ClientTransport transport = ClientTransport.plaintext("localhost", port, Duration.ofSeconds(5));
        PoolSession session = transport.logIn(transport.gateway("pool"), "holder", SECRET.getBytes(StandardCharsets.UTF_8));
        long token = oldToken;
        assertThatThrownBy(() -> session.renew(token)).isInstanceOf(LeaseNotHeldException.class)
                .hasMessageContaining("not granted by this server").hasMessageContaining("an earlier run's");
        assertThatThrownBy(() -> session.release(token)).isInstanceOf(LeaseNotHeldException.class);
        long fresh = session.lease(10_000);
        assertThat(Lease.epochOf(fresh)).isGreaterThan(Lease.epochOf(oldToken));
        assertThat(fresh).isGreaterThan(oldToken);
        assertThat(second.stats().refused()).as("the server counted the refusals and kept serving").isGreaterThanOrEqualTo(2);
        session.release(fresh);
        session.logout();
        assertThat(violations).isEmpty();
    }
}
