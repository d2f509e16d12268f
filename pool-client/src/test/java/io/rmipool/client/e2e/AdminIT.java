package io.rmipool.client.e2e;

import static io.rmipool.client.e2e.JavaProcess.runClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rmipool.client.ClientSettings;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every admin command driven from the CLI against a real server process, with leases held by a client:
 * pause and resume, resize (shrink and grow) while leases are held, evict, drain with a lease
 * outstanding (the server then exits 0), a drain that times out, the drain a stop signal runs with
 * {@code --drain-on-stop}; and every command refused with exit code 5 to whoever is no admin.
 */
class AdminIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final String SECRET = "it-clients-secret-of-32-bytes!!!";
    private static final String ADMIN_SECRET = "it-admin-secret-of-32-bytes!!!!!";
    private static final Map<String, String> AS_ADMIN = Map.of("POOL_SECRET", SECRET, "POOL_ADMIN_SECRET", ADMIN_SECRET);

    private static PoolServerProcess startServer(String... args) throws Exception {
        return PoolServerProcess.start(SECRET, Map.of("POOL_ADMIN_SECRET", ADMIN_SECRET), args);
    }

    private static PoolClient holder(PoolServerProcess server) throws Exception {
        return PoolClient.connect(new ClientSettings("localhost", server.port(),
                "pool", SECRET.getBytes(StandardCharsets.UTF_8), "it-holder", Duration.ofSeconds(5)));
    }

    private static JavaProcess admin(PoolServerProcess server, Map<String, String> env, String... command) throws Exception {
        String[] args = new String[command.length + 3];
        args[0] = "admin";
        System.arraycopy(command, 0, args, 1, command.length);
        args[command.length + 1] = "--server";
        args[command.length + 2] = server.address();
        return runClient(CLIENT_TIMEOUT, env, args);
    }

    private static String onlyLine(JavaProcess p) {
        assertThat(p.exitCode()).as("stderr: %s", p.stderr()).isZero();
        assertThat(p.stdout()).hasSize(1);
        return p.stdout().get(0);
    }

    @Test
    void pauseResumeResizeAndEvictFromTheCliWhileLeasesAreHeld() throws Exception {
        try (PoolServerProcess server = startServer("--max-connections", "4");
             PoolClient client = holder(server)) {
            LeasedConnection first = client.lease(Duration.ZERO);
            LeasedConnection second = client.lease(Duration.ZERO);

            assertThat(onlyLine(admin(server, AS_ADMIN, "pause"))).startsWith("admin pause: paused");
            assertThat(server.stats().paused()).isTrue();
            JavaProcess lease = runClient(CLIENT_TIMEOUT, Map.of("POOL_SECRET", SECRET), "lease", "--timeout", "0",
                    "--server", server.address());
            assertThat(lease.exitCode()).isEqualTo(3);
            assertThat(String.join("\n", lease.stderr())).contains("paused");
            assertThat(first.execute("select 1").rows()).hasSize(1); // held leases go on
            assertThat(onlyLine(admin(server, AS_ADMIN, "resume"))).isEqualTo("admin resume: resumed: leases are granted again");

            // shrink below the leases held: the idle ones go now, one leased one when it comes back
            assertThat(onlyLine(admin(server, AS_ADMIN, "resize", "1"))).isEqualTo(
                    "admin resize: resized from 4 to 1 connections: 2 idle closed now, 1 in use to close when their leases end");
            assertThat(server.stats()).extracting(s -> s.max(), s -> s.target(), s -> s.leased()).containsExactly(2, 1, 2);
            assertThat(first.execute("select 1").rows()).hasSize(1);
            assertThat(second.execute("select 2").rows()).hasSize(1);
            first.close();
            assertThat(server.stats()).extracting(s -> s.max(), s -> s.leased()).containsExactly(1, 1);

            assertThat(onlyLine(admin(server, AS_ADMIN, "resize", "3")))
                    .isEqualTo("admin resize: resized from 1 to 3 connections: 2 opening");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().idle() == 2);

            assertThat(onlyLine(admin(server, AS_ADMIN, "evict"))).isEqualTo(
                    "admin evict: evicted: 2 idle connections reopening now, 1 in use to be replaced when they come back");
            assertThat(second.execute("select 3").rows()).hasSize(1);
            second.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().idle() == 3);
        }
    }

    @Test
    void everyAdminCommandIsRefusedWithExitCode5ToWhoeverIsNoAdmin() throws Exception {
        Map<String, String> clientsSecretAsAdmins = Map.of("POOL_SECRET", SECRET, "POOL_ADMIN_SECRET", SECRET);
        Map<String, String> noAdminSecret = Map.of("POOL_SECRET", SECRET);
        try (PoolServerProcess server = startServer()) {
            for (String[] command : List.of(new String[] {"pause"}, new String[] {"resume"}, new String[] {"drain"},
                    new String[] {"resize", "2"}, new String[] {"evict"})) {
                for (Map<String, String> env : List.of(clientsSecretAsAdmins, noAdminSecret)) {
                    JavaProcess refused = admin(server, env, command);
                    assertThat(refused.exitCode()).as("%s with %s", command[0], env.keySet()).isEqualTo(5);
                    assertThat(refused.stderr()).hasSize(1);
                    assertThat(refused.stdout()).isEmpty();
                }
            }
            assertThat(server.stats()).extracting(s -> s.max(), s -> s.paused(), s -> s.draining())
                    .containsExactly(10, false, false);
        }
        try (PoolServerProcess withoutAdminRole = PoolServerProcess.start(SECRET)) {
            JavaProcess refused = admin(withoutAdminRole, AS_ADMIN, "pause");
            assertThat(refused.exitCode()).isEqualTo(5);
            assertThat(refused.stderr()).singleElement().asString().contains("admin operations are disabled");
        }
    }

    /** A drain with a lease outstanding: it waits for the lease, answers, and the server exits 0. */
    @Test
    void drainWaitsForTheOutstandingLeaseThenTheServerExitsZero() throws Exception {
        try (PoolServerProcess server = startServer()) {
            PoolClient client = holder(server);
            try {
                LeasedConnection held = client.lease(Duration.ZERO);
                JavaProcess drain = JavaProcess.start(JavaProcess.CLIENT_JAR, AS_ADMIN,
                        "admin", "drain", "--timeout", "1m", "--server", server.address());
                await().atMost(Duration.ofSeconds(30)).until(() -> server.stats().draining());
                assertThat(drain.isAlive()).isTrue();
                assertThat(held.execute("select 1").rows()).hasSize(1);
                held.close();
                assertThat(drain.awaitExit(CLIENT_TIMEOUT)).as("stderr: %s", drain.stderr()).isZero();
                assertThat(drain.stdout()).singleElement().asString()
                        .matches("admin drain: drained in \\d+ ms: every lease came back; the server stops now");
                assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
            } finally {
                closeQuietly(client);
            }
        }
    }

    @Test
    void aDrainThatTimesOutSaysSoAndTheServerStillExitsZero() throws Exception {
        try (PoolServerProcess server = startServer()) {
            PoolClient client = holder(server);
            try {
                client.lease(Duration.ZERO);
                JavaProcess drain = admin(server, AS_ADMIN, "drain", "--timeout", "500ms");
                assertThat(onlyLine(drain)).matches("admin drain: drain timed out after \\d+ ms with 1 leases still held; "
                        + "the server stops now and takes them back");
                assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
            } finally {
                closeQuietly(client);
            }
        }
    }

    /** docker stop: SIGTERM with --drain-on-stop waits for the held lease before the server stops. */
    @Test
    void aStopSignalDrainsFirstWithDrainOnStop() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("POOL_ADMIN_SECRET", ADMIN_SECRET));
        try (PoolServerProcess server = PoolServerProcess.start(SECRET, env, "--drain-on-stop", "1m")) {
            PoolClient client = holder(server);
            try {
                LeasedConnection held = client.lease(Duration.ZERO);
                server.process().terminate();
                await().atMost(Duration.ofSeconds(30)).until(() -> server.stats().draining());
                assertThat(server.process().isAlive()).isTrue();
                assertThat(held.execute("select 1").rows()).hasSize(1);
                held.close();
                assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
                assertThat(server.process().stderr()).anyMatch(l -> l.contains("pool drained: every lease came back"));
            } finally {
                closeQuietly(client);
            }
        }
    }

    /** After the server stopped, a client's logout cannot reach it: nothing to check there. */
    private static void closeQuietly(PoolClient client) {
        try {
            client.close();
        } catch (Exception e) {
            // the server is gone
        }
    }
}
