package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import io.rmipool.api.config.Secrets;
import io.rmipool.api.testing.DevTls;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The fault suite: real server and client processes (and PostgreSQL, and containers) are killed,
 * restarted, stopped, frozen and cut off, and the suite checks what each side makes of it. Every
 * scenario runs {@code fault.suite.runs} times (2 unless set, e.g. {@code -Dfault.suite.runs=10}) and
 * adds its counts to {@code target/fault-suite.md}; {@code docs/reliability.md} quotes them.
 *
 * <p>The PostgreSQL scenarios need {@code POOL_TEST_PG_*} as {@code scripts/ci-postgres.sh} prints
 * them, and root (to freeze the database with SIGSTOP); the container scenario needs Docker. CI has
 * all three and fails when an integration test is skipped.
 */
class FaultSuiteIT {
    @RegisterExtension
    static final Images IMAGES = new Images();

    private static final int RUNS = Integer.getInteger("fault.suite.runs", 2);
    private static final FaultReport REPORT = new FaultReport();
    private static final Pattern LEASED = Pattern.compile("leased connection\\(id=(\\d+)\\)");
    private static final Pattern STRESS = Pattern.compile("stress: processes=\\d+ cycles=(\\d+) .* failed=(\\d+)"
            + " duplicates=(\\d+)(?: unreachable=(\\d+) database=(\\d+) lost=(\\d+))?");

    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).close();
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        REPORT.write(Path.of("target", "fault-suite.md"));
    }

    private <T extends AutoCloseable> T closing(T resource) {
        cleanUp.add(resource);
        return resource;
    }

    // ------------------------------------------------------------------ clients killed

    /**
     * Invariants: every lease of a SIGKILLed client is back within TTL + 1 s of the kill (checked per
     * lease, from the moment the pool's leased count drops), and no connection is held by two clients.
     */
    @Test
    void everyLeaseOfKilledClientsIsReclaimedWithinTtlPlusOneSecond() throws Exception {
        Duration ttl = Duration.ofSeconds(2);
        int holders = 10;
        List<Long> reclaimed = new ArrayList<>();
        long duplicates = 0;
        PoolServerProcess server = closing(PoolServerProcess.start(null,
                "--lease-ttl", "2s", "--max-connections", Integer.toString(holders)));
        for (int run = 0; run < RUNS; run++) {
            List<JavaProcess> clients = new ArrayList<>();
            for (int i = 0; i < holders; i++) {
                clients.add(closing(JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                        "lease", "--timeout", "30s", "--hold", "10m", "--server", server.address())));
            }
            List<String> ids = new ArrayList<>();
            for (JavaProcess client : clients) {
                Matcher m = LEASED.matcher(client.awaitLine(l -> LEASED.matcher(l).matches(), Duration.ofSeconds(60)));
                assertThat(m.matches()).isTrue();
                ids.add(m.group(1));
            }
            duplicates += ids.size() - new HashSet<>(ids).size();
            assertThat(ids).as("connection ids held at once").doesNotHaveDuplicates();
            long expiredBefore = server.stats().expired();
            assertThat(server.stats().leased()).isEqualTo(holders);

            long killedAt = System.nanoTime();
            clients.forEach(JavaProcess::kill); // SIGKILL: no release, no logout
            AtomicInteger stillLeased = new AtomicInteger(holders);
            await().atMost(ttl.plusSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> {
                int now = server.stats().leased();
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                while (stillLeased.get() > now) {
                    stillLeased.decrementAndGet();
                    reclaimed.add(elapsed);
                }
                return now == 0;
            });
            assertThat(server.stats().expired() - expiredBefore).isEqualTo(holders);
            // A taken-back connection is reset off the pool's lock before it is idle again, so it
            // shows as maintenance for a moment after its lease ended.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> server.stats().idle() == holders);
        }
        assertThat(reclaimed).hasSize(RUNS * holders).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(3000));
        REPORT.add(new FaultReport.Row("client SIGKILL while holding a lease (TTL 2 s)", RUNS, RUNS * holders, 0,
                reclaimed.size(), duplicates, "reclaimed after the kill: " + FaultReport.seconds(reclaimed)));
    }

    // ------------------------------------------------------------------ the server killed

    /**
     * Invariants: across a SIGKILL and restart of the server on the same port under {@code stress}
     * load, no connection is held by two clients at once (the stress parent checks every pair of
     * holds), every failed cycle fails with a known kind (a worker that meets anything else dies and
     * the run fails), and the same client processes go on leasing from the new server.
     */
    @Test
    void aServerKilledAndRestartedUnderLoadLeavesNoDuplicateHolderAndTheClientsCarryOn() throws Exception {
        long cycles = 0;
        long held = 0;
        long failedClearly = 0;
        long lost = 0;
        long duplicates = 0;
        List<Long> outages = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            int port = PoolServerProcess.freePort();
            PoolServerProcess first = closing(PoolServerProcess.startOn(port, null, Map.of(), "--max-connections", "4"));
            JavaProcess stress = closing(JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                    "stress", "--processes", "2", "--cycles", "40000", "--warmup", "1000", "--timeout", "5s",
                    "--keep-going", "--server", first.address()));
            // kill once the measured cycles run: the warm-up alone grants 2 x 1000
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> first.stats().granted() >= 3000);
            long killedAt = System.nanoTime();
            first.process.kill();
            first.process.awaitExit(Duration.ofSeconds(10));
            PoolServerProcess second = closing(PoolServerProcess.startOn(port, null, Map.of(), "--max-connections", "4"));
            outages.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

            assertThat(stress.awaitExit(Duration.ofMinutes(3))).as("stderr: %s", stress.stderr()).isZero();
            Stress result = Stress.of(stress);
            assertThat(result.duplicates).isZero();
            assertThat(result.failed).as("no lease timed out: 2 workers on 4 connections").isZero();
            assertThat(result.unreachable).as("cycles during the outage failed as 'unreachable'").isPositive();
            assertThat(second.stats().granted()).as("the clients logged in again and carried on").isPositive();
            cycles += result.cycles;
            held += result.cycles - result.failed - result.unreachable - result.database;
            failedClearly += result.failed + result.unreachable + result.database + result.lost;
            lost += result.lost;
            duplicates += result.duplicates;
        }
        REPORT.add(new FaultReport.Row("server SIGKILL and restart under `stress --processes 2` (" + cycles
                + " cycles)", RUNS, held, failedClearly, lost, duplicates,
                "kill to restarted server ready: " + FaultReport.seconds(outages)));
    }

    // ------------------------------------------------------------------ PostgreSQL stopped, frozen

    /**
     * Invariants: while PostgreSQL is stopped and started under {@code stress --sql} load, no lease
     * fails as "exhausted" (only as "database unavailable"), PostgreSQL never has more than max
     * connections from the pool (sampled every few milliseconds whenever it is up), no connection is
     * held twice, and afterwards the pool is full again with exactly max backends: none leaked.
     */
    @Test
    @EnabledIfPostgres
    void postgresStoppedAndStartedUnderLoadIsUnavailableNeverExhaustedAndHealsWithoutLeaks() throws Exception {
        int max = 3;
        long held = 0;
        long database = 0;
        long duplicates = 0;
        List<Long> heal = new ArrayList<>();
        int mostBackends = 0;
        for (int run = 0; run < RUNS; run++) {
            String application = "rmipool-fault-" + UUID.randomUUID().toString().substring(0, 8);
            PoolServerProcess server = closing(TestPostgres.startServer(application, "--max-connections", Integer.toString(max)));
            await().atMost(Duration.ofSeconds(10)).until(() -> TestPostgres.backends(application) == max);
            Sampler sampler = closing(new Sampler("backend-sampler", () -> TestPostgres.backends(application)));
            JavaProcess stress = closing(JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                    "stress", "--processes", "2", "--cycles", "8000", "--warmup", "200", "--timeout", "2s",
                    "--sql", "select 1", "--keep-going", "--server", server.address()));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.stats().granted() >= 1000);

            long timeoutsBefore = server.stats().timeouts();
            TestPostgres.ctl("stop");
            // the pool says "database unavailable" to callers (counted with its timeouts) before it comes back
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.stats().timeouts() > timeoutsBefore);
            long grantedDown = server.stats().granted();
            long startedAt = System.nanoTime();
            TestPostgres.ctl("start");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.stats().granted() > grantedDown + 100);
            heal.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));

            assertThat(stress.awaitExit(Duration.ofMinutes(3))).as("stderr: %s", stress.stderr()).isZero();
            Stress result = Stress.of(stress);
            assertThat(result.duplicates).isZero();
            assertThat(result.failed).as("'exhausted' while the database was down").isZero();
            assertThat(result.database).as("cycles that met the stopped database").isPositive();
            assertThat(result.unreachable).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> server.stats().idle() == max);
            await().atMost(Duration.ofSeconds(10)).until(() -> TestPostgres.backends(application) == max);
            sampler.close();
            assertThat(sampler.most.get()).as("the most backends in any sample").isLessThanOrEqualTo(max);
            assertThat(sampler.samples.get()).as("samples taken").isGreaterThan(10);
            mostBackends = Math.max(mostBackends, sampler.most.get());

            server.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> TestPostgres.backends(application) == 0);
            held += result.cycles - result.failed - result.unreachable - result.database;
            database += result.database;
            duplicates += result.duplicates;
        }
        REPORT.add(new FaultReport.Row("PostgreSQL stopped and started under `stress --sql` (max " + max
                + "; most backends seen " + mostBackends + ", 0 left after)", RUNS, held, database, 0, duplicates,
                "database started to a hundred grants more: " + FaultReport.seconds(heal)));
    }

    /**
     * Invariants: with PostgreSQL frozen (every process SIGSTOPped: TCP is accepted, nothing answers)
     * for longer than the TTL, a SIGKILLed client's lease is still reclaimed within TTL + 1 s (its
     * reset hangs on a worker, not on the maintainer); clients that lease meanwhile each get one clear
     * error line within the statement timeout plus the server's 30 s network margin; the server's
     * thread count stays bounded (sampled all through); and the pool heals once PostgreSQL runs again.
     */
    @Test
    @EnabledIfPostgres
    void postgresFrozenLongerThanTheTtlStillReapsOnTimeAndFailsClientsWithinTheirTimeouts() throws Exception {
        int clients = 3;
        Duration statementTimeout = Duration.ofSeconds(2);
        Duration bound = statementTimeout.plusSeconds(30).plusSeconds(10); // margin, then JVM start and slack
        List<Long> reclaimed = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        List<Integer> exitCodes = new ArrayList<>();
        int mostThreads = 0;
        int baseline = 0;
        for (int run = 0; run < RUNS; run++) {
            String application = "rmipool-fault-" + UUID.randomUUID().toString().substring(0, 8);
            PoolServerProcess server = closing(TestPostgres.startServer(application, "--max-connections", "2",
                    "--lease-ttl", "2s", "--statement-timeout", "2s"));
            JavaProcess holder = closing(JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                    "lease", "--sql", "select 1", "--hold", "10m", "--server", server.address()));
            holder.awaitLine(l -> LEASED.matcher(l).matches(), Duration.ofSeconds(60));
            holder.awaitLine("(1 rows)"::equals, Duration.ofSeconds(30)); // its statement ran
            baseline = threads(server.process.pid());
            long pid = server.process.pid();
            Sampler threads = closing(new Sampler("thread-sampler", () -> threads(pid)));

            TestPostgres.freeze();
            try {
                long killedAt = System.nanoTime();
                holder.kill();
                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
                        .until(() -> server.stats().leased() == 0);
                reclaimed.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

                List<JavaProcess> callers = new ArrayList<>();
                long startedAt = System.nanoTime();
                for (int i = 0; i < clients; i++) {
                    callers.add(closing(JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                            "sql", "select 1", "--server", server.address())));
                }
                for (JavaProcess caller : callers) {
                    int code = caller.awaitExit(bound);
                    errors.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
                    exitCodes.add(code);
                    assertThat(code).as("stderr: %s", caller.stderr()).isIn(3, 6);
                    assertThat(caller.stderr()).as("one clear line").hasSize(1)
                            .noneMatch(l -> l.contains("Exception") || l.contains("\tat "));
                }
            } finally {
                TestPostgres.thaw();
            }
            threads.close();
            // every client holds at most three connections' threads (login, call, renewal); plus the
            // worker pool's four and the driver's cancel threads
            assertThat(threads.most.get()).as("server threads (baseline %d)", baseline)
                    .isLessThanOrEqualTo(baseline + 3 * clients + 8);
            mostThreads = Math.max(mostThreads, threads.most.get());

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    JavaProcess.runClient(Duration.ofMinutes(1), Map.of(), "sql", "select 1", "--server",
                            server.address()).exitCode() == 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> server.stats().idle() == 2);
            server.close();
        }
        assertThat(reclaimed).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(3000));
        long noConnection = exitCodes.stream().filter(c -> c == 3).count();
        REPORT.add(new FaultReport.Row("PostgreSQL frozen (SIGSTOP) for longer than the TTL (2 s), a holder"
                + " SIGKILLed, then " + clients + " `sql` clients per run: exit 6 'database unavailable' x"
                + (exitCodes.size() - noConnection) + ", exit 3 'no connection within 5 s: 0 leased, 2 being"
                + " checked, reset or reopened' x" + noConnection + "; server threads at most " + mostThreads
                + " (" + baseline + " before)", RUNS, RUNS, (long) RUNS * clients, RUNS, 0,
                "killed holder's lease reclaimed: " + FaultReport.seconds(reclaimed) + "; clients' errors after: "
                        + FaultReport.seconds(errors)));
    }

    /** The thread count of process {@code pid}, from {@code /proc}. */
    private static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IllegalStateException("no Threads line for process " + pid);
    }

    /**
     * Samples a number every few milliseconds until closed, keeping the highest: an invariant "never
     * above N" holds on every sample when the highest is at most N. A sample that fails (the database
     * is down, the process gone) is skipped.
     */
    private static final class Sampler implements AutoCloseable {
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Sampler(String name, Callable<Integer> sample) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        most.accumulateAndGet(sample.call(), Math::max);
                        samples.incrementAndGet();
                    } catch (Exception e) {
                        // down for now: the next sample tries again
                    }
                    pause();
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    /** The pause between two samples: a sampling rate, not a synchronization. */
    private static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }

    // ------------------------------------------------------------------ a client cut off, in containers

    /**
     * Invariants: a client container paused (cut off: no renewal, no TCP answer) for longer than the TTL
     * loses its lease on the server within TTL + 1 s of the pause; once it runs again it learns the
     * lease is lost from the server's refusal of the stale token (the refusal is counted), says why in
     * one line, and exits 3.
     */
    @Test
    @EnabledIfDocker
    void aClientCutOffInAContainerLosesItsLeaseWithinTheTtlAndLearnsItWasLost(@TempDir Path dir) throws Exception {
        Duration ttl = Duration.ofSeconds(3);
        String secrets = "/run/secrets/rmipool/";
        DevTls tls = DevTls.get();
        Path secret = Files.writeString(dir.resolve("secret"), "fault-suite-secret-" + System.nanoTime() + "\n");
        Network network = closing(Network.newNetwork());
        GenericContainer<?> server = closing(new GenericContainer<>(DockerImageName.parse(IMAGES.module("pool-server")))
                .withNetwork(network).withNetworkAliases("pool-server")
                .withExposedPorts(1099)
                .withCopyFileToContainer(MountableFile.forHostPath(secret, 0644), secrets + "secret")
                .withCopyFileToContainer(MountableFile.forHostPath(tls.serverKeystore(), 0644), secrets + "server.p12")
                .withCopyFileToContainer(MountableFile.forHostPath(tls.passwordFile(), 0644), secrets + "password")
                .withEnv(Map.of("POOL_SECRET_FILE", secrets + "secret", "POOL_TLS_KEYSTORE", secrets + "server.p12",
                        "POOL_TLS_KEYSTORE_PASSWORD_FILE", secrets + "password", "POOL_LEASE_TTL", "3s",
                        "POOL_MAX_CONNECTIONS", "2"))
                .waitingFor(Wait.forLogMessage(".*pool-server ready.*", 1).withStartupTimeout(Duration.ofMinutes(1))));
        server.start();
        PoolClient observer = closing(PoolClient.connect(new ClientSettings(server.getHost(), server.getMappedPort(1099),
                "pool", Secrets.load(secret, Map.of()), "it-observer", Duration.ofSeconds(5))
                .withTls(TlsContexts.client(tls.ca(), null, null, null))));
        DockerClient docker = DockerClientFactory.instance().client();

        List<Long> reclaimed = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            List<String> output = new CopyOnWriteArrayList<>();
            GenericContainer<?> client = closing(new GenericContainer<>(DockerImageName.parse(IMAGES.module("pool-client")))
                    .withNetwork(network)
                    .withCopyFileToContainer(MountableFile.forHostPath(secret, 0644), secrets + "secret")
                    .withCopyFileToContainer(MountableFile.forHostPath(tls.ca(), 0644), secrets + "ca.pem")
                    .withCommand("lease", "--hold", "4s", "--sql", "select 1", "--server", "pool-server:1099",
                            "--tls-truststore", secrets + "ca.pem", "--secret-file", secrets + "secret")
                    .withLogConsumer(frame -> output.add(frame.getUtf8String().strip()))
                    .waitingFor(Wait.forLogMessage(".*leased connection.*", 1).withStartupTimeout(Duration.ofMinutes(1))));
            client.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> output.stream().anyMatch(l -> l.contains("(1 rows)")));
            assertThat(observer.stats().leased()).isEqualTo(1);
            long refusedBefore = observer.stats().refused();

            docker.pauseContainerCmd(client.getContainerId()).exec();
            long pausedAt = System.nanoTime();
            await().atMost(ttl.plusSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> observer.stats().leased() == 0);
            reclaimed.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt));
            docker.unpauseContainerCmd(client.getContainerId()).exec();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    !docker.inspectContainerCmd(client.getContainerId()).exec().getState().getRunning());
            long exit = docker.inspectContainerCmd(client.getContainerId()).exec().getState().getExitCodeLong();
            assertThat(exit).as("output: %s", output).isEqualTo(3);
            assertThat(output).as("the reason, from the server").anyMatch(l -> l.contains("was lost")
                    && l.contains("expired"));
            assertThat(observer.stats().refused()).as("the stale token was refused").isGreaterThan(refusedBefore);
            assertThat(observer.stats().idle()).isEqualTo(2);
            client.stop();
        }
        assertThat(reclaimed).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(4000));
        REPORT.add(new FaultReport.Row("client container paused for longer than the TTL (3 s)", RUNS, RUNS, 0, RUNS,
                0, "reclaimed after the pause: " + FaultReport.seconds(reclaimed)
                        + "; each client then exited 3 naming the expiry"));
    }

    /** The counts of a {@code stress} run, from its one result line. */
    private record Stress(long cycles, long failed, long duplicates, long unreachable, long database, long lost) {
        static Stress of(JavaProcess stress) {
            String line = stress.stdout().stream().filter(l -> l.startsWith("stress:")).findFirst().orElseThrow();
            Matcher m = STRESS.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            return new Stress(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    count(m.group(4)), count(m.group(5)), count(m.group(6)));
        }

        private static long count(String group) {
            return group == null ? 0 : Long.parseLong(group);
        }
    }
}
