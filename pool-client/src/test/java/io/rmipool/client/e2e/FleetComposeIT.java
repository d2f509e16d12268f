package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.PoolStats;
import io.rmipool.api.config.Secrets;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import io.rmipool.client.PoolFleetClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Compose fleet as the README starts it: {@code docker-compose.yml} with {@code docker-compose.fleet.yml}
 * over it, ZooKeeper built from {@code docker/zookeeper/Dockerfile}, two pool servers in front of one
 * PostgreSQL with 4 connections each and a global cap of 6, host clients through both published ports with
 * the credentials copied out as the README says, and a client inside the Compose network naming both
 * services. Invariant, sampled every 5 ms from PostgreSQL itself while 10 threads of one
 * {@link PoolFleetClient} spread their leases over both servers: never more than 6 sessions of the pool
 * ({@code application_name = 'rmipool-pool'}, as both servers' JDBC URL sets it); no connection of either
 * server held twice at once. (The command line's {@code stress} over a fleet: {@code FleetIT}.)
 */
@EnabledIfDocker
class FleetComposeIT {
    @RegisterExtension
    static final Images IMAGES = new Images();

    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final int CAP = 6;
    private static final int PER_SERVER = 4;
    private static final int WORKERS = 10;
    private static final int CYCLES = 100;
    private static final String POOL_SESSIONS =
            "select count(*) from pg_stat_activity where application_name = 'rmipool-pool'";

    private static ComposeStack stack;
    private static int portA;
    private static int portB;
    private static int postgresPort;
    @TempDir
    static Path credentials;
    @TempDir
    static Path work;

    @BeforeAll
    static void up() throws Exception {
        portA = PoolServerProcess.freePort();
        portB = PoolServerProcess.freePort();
        postgresPort = PoolServerProcess.freePort();
        // The test's own layer: PostgreSQL on a loopback port, for the observer that counts the pool's sessions.
        Path observable = Files.writeString(work.resolve("postgres-on-loopback.yml"),
                "services:\n  postgres:\n    ports:\n      - \"127.0.0.1:" + postgresPort + ":5432\"\n");
        stack = new ComposeStack(Map.of(
                "POOL_PUBLISHED_PORT", Integer.toString(portA),
                "POOL_PUBLISHED_PORT_2", Integer.toString(portB),
                "POOL_MAX_CONNECTIONS", Integer.toString(PER_SERVER),
                "POOL_GLOBAL_MAX_CONNECTIONS", Integer.toString(CAP),
                "POSTGRES_USER", "rmipool", "POSTGRES_PASSWORD", "rmipool", "POSTGRES_DB", "rmipool",
                "ZOOKEEPER_IMAGE", IMAGES.zookeeper()),
                Images.REPO.resolve("docker-compose.fleet.yml"), observable);
        stack.up();
        stack.copyCredentials(credentials);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> stats(portA).maintainerAlive() && stats(portB).maintainerAlive());
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** A host client's settings for the server published on {@code port}, with the copied credentials. */
    private static ClientSettings settings(int port) throws Exception {
        return new ClientSettings("localhost", port, "pool", Secrets.load(credentials.resolve("secret"), Map.of()),
                "it-fleet", Duration.ofSeconds(5))
                .withTls(TlsContexts.client(credentials.resolve("ca.pem"), null, null, null));
    }

    private static PoolStats stats(int port) throws Exception {
        try (PoolClient client = PoolClient.connect(settings(port))) {
            return client.stats();
        }
    }

    /** The pool-client command line on the host, given both servers as the README shows. */
    private static JavaProcess client(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", "localhost:" + portA + ",localhost:" + portB,
                "--tls-truststore", credentials.resolve("ca.pem").toString(),
                "--secret-file", credentials.resolve("secret").toString()));
        return JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(), all.toArray(String[]::new));
    }

    @Test
    void hostClientsReachBothServersThroughTheirPublishedPorts() throws Exception {
        JavaProcess stats = client("stats", "--json");
        assertThat(stats.exitCode()).as("stderr: %s", stats.stderr()).isZero();
        assertThat(stats.stdout()).hasSize(2)
                .anyMatch(l -> l.startsWith("{\"server\":\"localhost:" + portA + "\""))
                .anyMatch(l -> l.startsWith("{\"server\":\"localhost:" + portB + "\""));
        // what the observer counts: the servers' sessions carry the JDBC URL's ApplicationName
        JavaProcess sql = client("sql", "select current_setting('application_name')");
        assertThat(sql.exitCode()).as("stderr: %s", sql.stderr()).isZero();
        assertThat(String.join("\n", sql.stdout())).contains("rmipool-pool", "(1 rows)");
    }

    /** The development certificate names pool-server-2 too: a client in the network verifies both by name. */
    @Test
    void clientsInTheComposeNetworkReachBothServersByServiceName() throws Exception {
        ComposeStack.Result build = stack.compose(Duration.ofMinutes(5), "--profile", "demo", "build", "demo");
        assertThat(build.exitCode()).as("output:%n%s", build.output()).isZero();
        ComposeStack.Result stats = stack.compose(Duration.ofMinutes(2), "--profile", "demo", "run", "--rm",
                "demo", "stats", "--server", "pool-server:1099,pool-server-2:1099");
        assertThat(stats.exitCode()).as("output:%n%s", stats.output()).isZero();
        assertThat(stats.output()).contains("server pool-server:1099", "server pool-server-2:1099");
    }

    /**
     * Invariant: never more than the global cap of connections in PostgreSQL, at any sample; no connection of
     * either server held twice at once.
     */
    @Test
    void leasesSpreadOverBothServersNeverOpenMoreThanTheGlobalCap() throws Exception {
        List<Integer> samples = Collections.synchronizedList(new ArrayList<>());
        Queue<String> failedSamples = new ConcurrentLinkedQueue<>();
        Map<Holder, AtomicInteger> holding = new ConcurrentHashMap<>();
        Queue<Holder> duplicates = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> leasesByServer = new ConcurrentHashMap<>();
        long grantedA = stats(portA).granted();
        long grantedB = stats(portB).granted();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try (Connection observer = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/rmipool", "rmipool", "rmipool");
             PreparedStatement count = observer.prepareStatement(POOL_SESSIONS);
             PoolFleetClient fleet = PoolFleetClient.of(List.of(settings(portA), settings(portB)))) {
            sampler.scheduleAtFixedRate(() -> {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    samples.add(rs.getInt(1));
                } catch (SQLException e) {
                    failedSamples.add(e.toString());
                }
            }, 0, 5, TimeUnit.MILLISECONDS);
            // More workers than the fleet may have connections, each holding its lease for 10 ms of SQL: both
            // servers grow while callers wait, until the cap stops them.
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                done.add(workers.submit(() -> {
                    for (int i = 0; i < CYCLES; i++) {
                        try (LeasedConnection c = fleet.lease(Duration.ofSeconds(30))) {
                            Holder held = new Holder(c.server(), c.connectionId());
                            if (holding.computeIfAbsent(held, h -> new AtomicInteger()).incrementAndGet() > 1) {
                                duplicates.add(held);
                            }
                            leasesByServer.computeIfAbsent(held.server(), k -> new AtomicInteger()).incrementAndGet();
                            try {
                                c.execute("select pg_sleep(0.01)");
                            } finally {
                                holding.get(held).decrementAndGet(); // before the release: no false duplicate
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : done) {
                worker.get(2, TimeUnit.MINUTES); // a failed lease or statement fails the test here
            }
            sampler.shutdown();
            assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            sampler.shutdownNow();
            workers.shutdownNow();
        }

        assertThat(duplicates).as("connections held twice at once").isEmpty();
        assertThat(failedSamples).isEmpty();
        assertThat(samples).as("samples of the pool's sessions").hasSizeGreaterThan(100);
        assertThat(samples).as("the pool's sessions in PostgreSQL, every 5 ms")
                .allSatisfy(open -> assertThat(open).isLessThanOrEqualTo(CAP));
        // the cap was what held them: together the servers had more open than one server's ceiling
        assertThat(Collections.max(samples)).isEqualTo(CAP);

        // both servers granted leases, and the servers granted exactly the leases taken
        String a = "localhost:" + portA;
        String b = "localhost:" + portB;
        assertThat(leasesByServer.keySet()).containsExactlyInAnyOrder(a, b);
        PoolStats afterA = stats(portA);
        PoolStats afterB = stats(portB);
        assertThat(afterA.granted() - grantedA).isEqualTo(leasesByServer.get(a).get());
        assertThat(afterB.granted() - grantedB).isEqualTo(leasesByServer.get(b).get());
        assertThat(leasesByServer.get(a).get() + leasesByServer.get(b).get()).isEqualTo(WORKERS * CYCLES);
        assertThat(afterA.max()).isLessThanOrEqualTo(PER_SERVER);
        assertThat(afterB.max()).isLessThanOrEqualTo(PER_SERVER);
        assertThat(afterA.max() + afterB.max()).isLessThanOrEqualTo(CAP);
    }

    /** A connection as its holder sees it: the server that granted it and its id there. */
    private record Holder(String server, int id) {
    }
}
