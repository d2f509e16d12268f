package io.rmipool.client.e2e;

import static io.rmipool.client.e2e.JavaProcess.runClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service over real RMI with real processes: a {@code pool-server.jar} JVM and
 * {@code pool-client.jar} JVMs (which spawn JVMs of their own for the demo).
 */
class EndToEndIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern LEASED = Pattern.compile("leased connection\\(id=(\\d+)\\)");
    private static final Pattern SUMMARY = Pattern.compile(
            "summary: processes=(\\d+) leased=(\\d+) failed=(\\d+) duplicates=(\\d+)");

    /**
     * Twice: the first run's first worker makes the class-data archive (in POOL_CDS_DIR), the second
     * run's workers all start from it; neither run's output shows a trace of it.
     */
    @Test
    void theElevenProcessDemoLeasesTenDistinctConnectionsAndFailsOnce(@TempDir Path cds) throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            for (int run = 1; run <= 2; run++) {
                JavaProcess demo = runClient(CLIENT_TIMEOUT, Map.of("POOL_CDS_DIR", cds.toString()),
                        "demo", "--server", server.address());

                assertThat(demo.exitCode()).as("stderr: %s", demo.stderr()).isZero();
                assertThat(demo.stderr()).as("run %d", run).isEmpty();
                List<String> ids = demo.stdout().stream().map(LEASED::matcher).filter(Matcher::matches)
                        .map(m -> m.group(1)).collect(Collectors.toList());
                assertThat(ids).hasSize(10).doesNotHaveDuplicates();
                assertThat(demo.stdout()).filteredOn("failed to lease connection"::equals).hasSize(1);
                assertThat(demo.stdout()).filteredOn(l -> l.startsWith("summary:"))
                        .containsExactly("summary: processes=11 leased=10 failed=1 duplicates=0");
                await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().idle() == 10);
                try (var files = Files.list(cds)) {
                    assertThat(files.map(f -> f.getFileName().toString()))
                            .as("after run %d", run).singleElement().asString().matches("pool-client-[0-9a-f]+-[0-9a-f]+\\.jsa");
                }
            }
        }
    }

    /**
     * A runtime without its own CDS archive (a jlink image made without --generate-cds-archive; here
     * -Xshare:off for every JVM) cannot make a dynamic archive: the demo runs without one.
     */
    @Test
    void withoutTheRuntimesCdsArchiveTheDemoRunsWithoutAnArchiveOfItsOwn(@TempDir Path cds) throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            JavaProcess demo = runClient(CLIENT_TIMEOUT,
                    Map.of("POOL_CDS_DIR", cds.toString(), "JAVA_TOOL_OPTIONS", "-Xshare:off"),
                    "demo", "--server", server.address());

            assertThat(demo.exitCode()).as("stderr: %s", demo.stderr()).isZero();
            assertThat(demo.stdout()).filteredOn(l -> l.startsWith("summary:"))
                    .containsExactly("summary: processes=11 leased=10 failed=1 duplicates=0");
            try (var files = Files.list(cds)) {
                assertThat(files).isEmpty();
            }
        }
    }

    /**
     * scripts/pool-client: the first command that succeeds leaves the command line's archive, later
     * ones map it and print the same; a command that fails, or POOL_CDS_DIR=off, leaves none.
     */
    @Test
    void theLauncherMakesItsArchiveOnceAndOnlyFromACommandThatSucceeded(@TempDir Path cds, @TempDir Path none)
            throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            JavaProcess unreachable = JavaProcess.runLauncher(CLIENT_TIMEOUT, Map.of("POOL_CDS_DIR", cds.toString()),
                    "stats", "--server", "localhost:1");
            assertThat(unreachable.exitCode()).isEqualTo(4);
            try (var files = Files.list(cds)) {
                assertThat(files).as("after a failed command").isEmpty();
            }
            List<String> printed = new ArrayList<>();
            for (int run = 1; run <= 2; run++) {
                JavaProcess stats = JavaProcess.runLauncher(CLIENT_TIMEOUT, Map.of("POOL_CDS_DIR", cds.toString()),
                        "stats", "--server", server.address());
                assertThat(stats.exitCode()).as("stderr: %s", stats.stderr()).isZero();
                assertThat(stats.stderr()).as("run %d", run).isEmpty();
                printed.add(String.join("\n", stats.stdout()).replaceAll("\\d+", "N"));
                try (var files = Files.list(cds)) {
                    assertThat(files.map(f -> f.getFileName().toString())).as("after run %d", run)
                            .singleElement().asString().matches("rmipool-cli-\\d+\\.jsa");
                }
            }
            assertThat(printed.get(1)).isEqualTo(printed.get(0)).contains("idle");
            JavaProcess off = JavaProcess.runLauncher(CLIENT_TIMEOUT, Map.of("POOL_CDS_DIR", "off", "HOME", none.toString()),
                    "stats", "--server", server.address());
            assertThat(off.exitCode()).isZero();
            try (var files = Files.list(none)) {
                assertThat(files).as("POOL_CDS_DIR=off").isEmpty();
            }
        }
    }

    /** stats --watch on a pipe: one line per interval, and the lines follow the pool. */
    @Test
    void statsWatchPrintsALinePerIntervalThatFollowsThePool() throws Exception {
        Pattern line = Pattern.compile("time=\\d\\d:\\d\\d:\\d\\d max=10 idle=(\\d+) leased=(\\d+) maintenance=\\d+ waiting=0 "
                + "granted=\\d+ timeouts=0 expired=0 refused=0 maintainer=running target=10 state=serving");
        try (PoolServerProcess server = PoolServerProcess.start(null);
             JavaProcess watch = JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                     "stats", "--watch", "--interval", "200ms", "--server", server.address())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> watch.stdout().size() >= 3);
            assertThat(watch.stdout()).allSatisfy(l -> assertThat(l).matches(line));
            assertThat(watch.stdout().get(0)).contains(" leased=0 ");
            try (JavaProcess holder = JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                    "lease", "--hold", "10m", "--server", server.address())) {
                holder.awaitLine(l -> LEASED.matcher(l).matches(), Duration.ofSeconds(30));
                watch.awaitLine(l -> l.contains(" idle=9 leased=1 "), Duration.ofSeconds(30));
            }
            assertThat(watch.stdout()).allSatisfy(l -> assertThat(l).matches(line));
            assertThat(watch.stderr()).isEmpty();
        }
    }

    /** POOL_LOG_FORMAT=json: every line the server logs is one JSON object; any other value is refused. */
    @Test
    void theServerLogsOneJsonObjectPerLineWithPoolLogFormatJson() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null, Map.of("POOL_LOG_FORMAT", "json"))) {
            // the warning that no secret is set comes before the ready line
            assertThat(server.process.stderr()).isNotEmpty()
                    .allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"))
                    .anySatisfy(l -> assertThat(l).contains("\"log.level\":\"WARN\"").contains("no shared secret"));
        }
        JavaProcess bad = JavaProcess.start(JavaProcess.SERVER_JAR, Map.of("POOL_LOG_FORMAT", "xml"));
        try (bad) {
            assertThat(bad.awaitExit(CLIENT_TIMEOUT)).isEqualTo(2);
            assertThat(bad.stderr()).singleElement().asString()
                    .isEqualTo("pool-server: POOL_LOG_FORMAT must be text or json, got 'xml'");
        }
    }

    @Test
    void theUnsafePoolWithARaceDelayHandsOutDuplicates() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null, "--unsafe", "--race-delay", "100ms")) {
            JavaProcess demo = runClient(CLIENT_TIMEOUT, Map.of(), "demo", "--hold", "1s", "--server", server.address());

            assertThat(demo.exitCode()).as("stderr: %s", demo.stderr()).isZero();
            String summary = demo.stdout().stream().filter(l -> l.startsWith("summary:")).findFirst().orElseThrow();
            Matcher m = SUMMARY.matcher(summary);
            assertThat(m.matches()).as(summary).isTrue();
            assertThat(Integer.parseInt(m.group(4))).as("duplicates in %s", summary).isPositive();
        }
    }

    @Test
    void aKilledClientsLeaseComesBackWithinTtlPlusOneSecond() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null, "--lease-ttl", "2s");
             JavaProcess holder = JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                     "lease", "--timeout", "5s", "--hold", "10m", "--server", server.address())) {
            holder.awaitLine(l -> LEASED.matcher(l).matches(), Duration.ofSeconds(30));
            assertThat(server.stats().leased()).isEqualTo(1);

            holder.kill(); // SIGKILL: no release, no logout, no goodbye
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.stats().leased() == 0);
            Duration back = Duration.ofNanos(System.nanoTime() - killedAt);

            assertThat(server.stats().expired()).isEqualTo(1);
            assertThat(back).isLessThanOrEqualTo(Duration.ofSeconds(3));
            // taken back, the connection is rolled back on a worker before it is idle again
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.stats().idle() == 10);
        }
    }

    @Test
    void aWrongSecretIsRefusedWithExitCode5AndTheRightOneIsAccepted(@TempDir Path dir) throws Exception {
        Path secretFile = Files.writeString(dir.resolve("secret"), "correct horse battery\n");
        try (PoolServerProcess server = PoolServerProcess.start("correct horse battery")) {
            JavaProcess wrong = runClient(CLIENT_TIMEOUT, Map.of("POOL_SECRET", "battery staple horse"),
                    "stats", "--server", server.address());
            assertThat(wrong.exitCode()).isEqualTo(5);
            assertThat(wrong.stderr()).singleElement().asString().contains("authentication failed");

            JavaProcess none = runClient(CLIENT_TIMEOUT, Map.of(), "stats", "--server", server.address());
            assertThat(none.exitCode()).isEqualTo(5);

            JavaProcess right = runClient(CLIENT_TIMEOUT, Map.of(),
                    "stats", "--server", server.address(), "--secret-file", secretFile.toString());
            assertThat(right.exitCode()).as("stderr: %s", right.stderr()).isZero();
            assertThat(server.stats().refused()).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableServerGivesExitCode4AndOneLineNamingIt() throws Exception {
        int port = PoolServerProcess.freePort();
        JavaProcess client = runClient(CLIENT_TIMEOUT, Map.of(), "lease", "--server", "localhost:" + port);
        assertThat(client.exitCode()).isEqualTo(4);
        assertThat(client.stderr()).singleElement().asString().contains("localhost:" + port);
    }

    @Test
    void exhaustedPoolGivesExitCode3() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null, "--max-connections", "1");
             JavaProcess holder = JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                     "lease", "--hold", "10m", "--server", server.address())) {
            holder.awaitLine(l -> LEASED.matcher(l).matches(), Duration.ofSeconds(30));

            JavaProcess late = runClient(CLIENT_TIMEOUT, Map.of(),
                    "lease", "--timeout", "200ms", "--server", server.address());
            assertThat(late.exitCode()).isEqualTo(3);
            assertThat(late.stdout()).containsExactly("failed to lease connection");
            assertThat(server.stats().timeouts()).isEqualTo(1);
        }
    }

    /** The server advertises a host no client can resolve; stubs still work through --server. */
    @Test
    void stubsConnectThroughTheAddressTheClientWasGiven() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null, "--host", "rmipool-unreachable.invalid")) {
            JavaProcess client = runClient(CLIENT_TIMEOUT, Map.of(), "lease", "--server", server.address());
            assertThat(client.exitCode()).as("stderr: %s", client.stderr()).isZero();
            assertThat(client.stdout()).singleElement().asString().matches(LEASED.pattern());
        }
    }

    @Test
    void statsAsJsonHasTheDocumentedKeys() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null, "--max-connections", "3")) {
            JavaProcess stats = runClient(CLIENT_TIMEOUT, Map.of(), "stats", "--json", "--server", server.address());
            assertThat(stats.exitCode()).isZero();
            assertThat(stats.stdout()).singleElement().asString()
                    .matches("\\{\"max\":3,\"idle\":3,\"leased\":0,\"maintenance\":0,\"waiting\":0,\"granted\":\\d+,"
                            + "\"timeouts\":\\d+,\"expired\":\\d+,\"refused\":\\d+,\"maintainerAlive\":true,"
                            + "\"target\":3,\"paused\":false,\"draining\":false}");
        }
    }

    /**
     * stress --baseline: the same workers run on a bare RMI pool the command starts itself and on the
     * server, alternately, and the command prints every run, every round's ratio and the medians. The
     * baseline server it started is gone when it ends.
     */
    @Test
    void stressWithABaselinePairsRunsAndPrintsTheRatios() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            JavaProcess stress = runClient(CLIENT_TIMEOUT, Map.of(), "stress", "--processes", "1", "--cycles", "300",
                    "--warmup", "100", "--baseline", "--rounds", "2", "--server", server.address());

            assertThat(stress.exitCode()).as("stderr: %s", stress.stderr()).isZero();
            String run = "stress: processes=1 cycles=300 elapsed=[0-9.]+s cycles/s=\\d+ p50=\\d+us p99=\\d+us max=\\d+us"
                    + " failed=0 duplicates=0";
            assertThat(stress.stdout()).hasSize(7);
            assertThat(stress.stdout().get(0)).matches("round 1 baseline: " + run);
            assertThat(stress.stdout().get(1)).matches("round 1 pool: " + run);
            assertThat(stress.stdout().get(2)).matches("round 1: ratio=\\d+\\.\\d{3}");
            assertThat(stress.stdout().get(3)).as("the pool goes first in even rounds").matches("round 2 pool: " + run);
            assertThat(stress.stdout().get(4)).matches("round 2 baseline: " + run);
            assertThat(stress.stdout().get(5)).matches("round 2: ratio=\\d+\\.\\d{3}");
            assertThat(stress.stdout().get(6)).matches("paired: rounds=2 pool median=\\d+ \\(\\d+-\\d+\\) baseline median=\\d+"
                    + " \\(\\d+-\\d+\\) ratio median=\\d+\\.\\d{3} \\(\\d+\\.\\d{3}-\\d+\\.\\d{3}\\)");
            assertThat(server.stats().granted()).as("the pool rounds ran on the server").isGreaterThanOrEqualTo(800);
            assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                    .filter(c -> c.contains("io.rmipool.client.cli.BaselineServer"))).as("baseline servers left").isEmpty();
        }
    }

    /** The command line logs through the Log4j API's simple provider: nothing by default, DEBUG with --verbose. */
    @Test
    void verboseLogsTheLoginAtDebugAndTheDefaultLogsNothing() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            JavaProcess quiet = runClient(CLIENT_TIMEOUT, Map.of(), "stats", "--server", server.address());
            assertThat(quiet.exitCode()).isZero();
            assertThat(quiet.stderr()).isEmpty();

            JavaProcess verbose = runClient(CLIENT_TIMEOUT, Map.of(), "stats", "--verbose", "--server", server.address());
            assertThat(verbose.exitCode()).isZero();
            assertThat(verbose.stderr()).contains("DEBUG PoolClient logged in to " + server.address() + " as vm/"
                    + verbose.pid()).contains("DEBUG PoolClient logged out of " + server.address());
        }
    }

    @Test
    void sigtermStopsTheServerCleanlyWithExitCode0() throws Exception {
        PoolServerProcess server = PoolServerProcess.start(null);
        try {
            server.stats();
            server.process.terminate(); // SIGTERM
            assertThat(server.process.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(server.process.stderr()).anyMatch(l -> l.contains("stopped"));
        } finally {
            server.close();
        }
    }
}
