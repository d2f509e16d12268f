package io.rmipool.client.e2e;

import static io.rmipool.client.e2e.JavaProcess.runClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line against two real servers given as one {@code --server a,b}: statements are served,
 * leases go to the survivor when one server dies (SIGKILL), stats show each live server, no live server
 * is exit code 4, and the commands that tell connections apart by id refuse a fleet.
 */
class FleetIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final String SECRET = "it-fleet-secret-of-32-bytes-ok!!";
    private static final Map<String, String> ENV = Map.of("POOL_SECRET", SECRET);

    @Test
    void leasesGoToALiveServerAndStatsShowEachServer() throws Exception {
        try (PoolServerProcess a = PoolServerProcess.start(SECRET, "--max-connections", "2");
             PoolServerProcess b = PoolServerProcess.start(SECRET, "--max-connections", "2")) {
            String fleet = a.address() + "," + b.address();

            JavaProcess stats = runClient(CLIENT_TIMEOUT, ENV, "stats", "--server", fleet);
            assertThat(stats.exitCode()).as("stderr: %s", stats.stderr()).isZero();
            assertThat(stats.stdout()).contains("server " + a.address(), "server " + b.address());
            JavaProcess json = runClient(CLIENT_TIMEOUT, ENV, "stats", "--json", "--server", fleet);
            assertThat(json.stdout()).hasSize(2).allMatch(l -> l.startsWith("{\"server\":\"localhost:"));

            for (int i = 0; i < 4; i++) {
                JavaProcess sql = runClient(CLIENT_TIMEOUT, ENV, "sql", "select 1", "--server", fleet);
                assertThat(sql.exitCode()).as("stderr: %s", sql.stderr()).isZero();
            }
            // (how leases spread over the servers in turn: PoolFleetClientTest)

            a.process().kill(); // SIGKILL: no goodbye
            a.awaitExit(Duration.ofSeconds(30));
            for (int i = 0; i < 3; i++) {
                JavaProcess lease = runClient(CLIENT_TIMEOUT, ENV, "lease", "--timeout", "0", "--server", fleet);
                assertThat(lease.exitCode()).as("stderr: %s", lease.stderr()).isZero();
                assertThat(lease.stdout()).anyMatch(l -> l.startsWith("leased connection(id="));
            }
            JavaProcess survivors = runClient(CLIENT_TIMEOUT, ENV, "stats", "--server", fleet);
            assertThat(survivors.exitCode()).isZero();
            assertThat(survivors.stdout()).contains("server " + b.address()).doesNotContain("server " + a.address());

            b.process().kill();
            b.awaitExit(Duration.ofSeconds(30));
            JavaProcess none = runClient(CLIENT_TIMEOUT, ENV, "lease", "--timeout", "0", "--server", fleet);
            assertThat(none.exitCode()).isEqualTo(4);
            assertThat(none.stderr()).anyMatch(l -> l.contains("no pool server could be reached"));
        }
    }

    /** Invariant: no connection of either server held twice at once; both servers serve each process in turn. */
    @Test
    void stressSpreadsOverTheFleetWithoutDuplicateHolders() throws Exception {
        try (PoolServerProcess a = PoolServerProcess.start(SECRET, "--max-connections", "2");
             PoolServerProcess b = PoolServerProcess.start(SECRET, "--max-connections", "2")) {
            JavaProcess stress = runClient(CLIENT_TIMEOUT, ENV, "stress", "--processes", "3", "--cycles", "2000",
                    "--warmup", "200", "--server", a.address() + "," + b.address());
            assertThat(stress.exitCode()).as("stderr: %s", stress.stderr()).isZero();
            assertThat(stress.stdout()).singleElement().asString().contains("failed=0 duplicates=0");
            // each process alternates between the servers: each served at least half of one process's cycles
            assertThat(a.stats().granted()).isGreaterThanOrEqualTo(1000);
            assertThat(b.stats().granted()).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void theCommandsThatTellConnectionsApartByIdTakeOneServer() throws Exception {
        for (String[] command : new String[][] {{"demo", "--processes", "1"},
                {"stress", "--processes", "1", "--cycles", "1", "--baseline"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 2);
            args[command.length] = "--server";
            args[command.length + 1] = "localhost:1,localhost:2";
            JavaProcess refused = runClient(CLIENT_TIMEOUT, ENV, args);
            assertThat(refused.exitCode()).as(command[0]).isEqualTo(2);
            assertThat(refused.stderr()).anyMatch(l -> l.contains(command[0] + " takes one --server"));
        }
    }

}
