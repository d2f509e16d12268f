package io.rmipool.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmipool.api.FleetStats;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.server.jdbc.JdbcConnector;
import io.rmipool.server.metrics.PoolMetrics;
import io.rmipool.server.pool.DatabaseConnectionPool;
import io.rmipool.server.pool.PoolSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two pools, as two servers of a fleet, on one H2 database and one real ZooKeeper (curator-test), under
 * a global cap of 3 while each could open 3. Invariant, sampled every 5 ms throughout: the database never
 * has more than 3 of the pools' connections open at once. Also: each server run's tokens carry an epoch
 * of its own, which no other run honours, and each server sees the whole fleet in its stats.
 */
class ZooKeeperFleetTest {
    private static final int CAP = 3;

    private final String database = "jdbc:h2:mem:fleet-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<DatabaseConnectionPool, ZooKeeperFleet> fleets = new HashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private TestingServer zookeeper;
    private Connection observer;

    @BeforeEach
    void start() throws Exception {
        zookeeper = new TestingServer(true);
        observer = DriverManager.getConnection(database);
        sampler.scheduleAtFixedRate(() -> {
            int open = poolConnections();
            if (open > CAP) {
                violations.add(open + " connections open with a cap of " + CAP);
            }
        }, 0, 5, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        sampler.shutdownNow();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        observer.close();
        zookeeper.close();
    }

    /** The database's sessions but the observer's own. */
    private int poolConnections() {
        try (Statement s = observer.createStatement();
             ResultSet rs = s.executeQuery("select count(*) - 1 from information_schema.sessions")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            return -1;
        }
    }

    private DatabaseConnectionPool server(Duration idleRelease) throws Exception {
        return server(idleRelease, Duration.ofSeconds(10));
    }

    private DatabaseConnectionPool server(Duration idleRelease, Duration sessionTimeout) throws Exception {
        return server("server-" + toClose.size() + ":1099", CAP, idleRelease, sessionTimeout);
    }

    private DatabaseConnectionPool server(String endpoint, int cap, Duration idleRelease, Duration sessionTimeout)
            throws Exception {
        ZooKeeperFleet fleet = ZooKeeperFleet.join(zookeeper.getConnectString(), "fleet-test", endpoint, cap,
                sessionTimeout, idleRelease);
        toClose.add(fleet);
        DatabaseConnectionPool pool = DatabaseConnectionPool.open(
                new JdbcConnector(database, "", "", Duration.ofMinutes(1)),
                new PoolSettings(CAP, 100, Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(1)),
                held -> { }, fleet);
        toClose.add(pool);
        fleets.put(pool, fleet);
        return pool;
    }

    /** The server stops: its pool closes, then it leaves the fleet (its ZooKeeper session ends). */
    private void stop(DatabaseConnectionPool server) {
        server.close();
        fleets.get(server).close();
    }

    @Test
    void twoServersGrowToDemandButNeverBeyondTheCapTogether() throws Exception {
        DatabaseConnectionPool a = server(Duration.ofMinutes(5));
        DatabaseConnectionPool b = server(Duration.ofMinutes(5));
        assertThat(a.stats().max()).as("a starts with one connection").isEqualTo(1);
        assertThat(b.stats().max()).isEqualTo(1);

        // demand on a: it grows into the one place left, then no further
        List<Lease> onA = new ArrayList<>();
        onA.add(a.lease("x", 0));
        onA.add(a.lease("x", 5_000));
        assertThat(a.stats().max()).isEqualTo(2);
        assertThat(poolConnections()).isEqualTo(3);
        assertThatThrownBy(() -> a.lease("x", 1_000))
                .isInstanceOf(PoolExhaustedException.class);
        assertThat(a.stats().max()).as("the cap is in use: a cannot grow").isEqualTo(2);
        for (Lease lease : onA) {
            a.release("x", lease.token());
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void anIdleConnectionGivesItsPlaceBackAndAnotherServerGrowsIntoIt() throws Exception {
        DatabaseConnectionPool a = server(Duration.ofMillis(300));
        DatabaseConnectionPool b = server(Duration.ofMillis(300));
        Lease first = b.lease("y", 0);
        Lease second = b.lease("y", 5_000); // b grows to 2: the cap is full
        assertThat(b.stats().max()).isEqualTo(2);
        b.release("y", second.token());
        // b's idle connection goes back after 300 ms; a, with a caller waiting, grows into the place
        Lease extra = a.lease("x", 0);
        Lease grown = a.lease("x", 10_000);
        assertThat(a.stats().max()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.stats().max() == 1);
        a.release("x", extra.token());
        a.release("x", grown.token());
        b.release("y", first.token());
        assertThat(violations).isEmpty();
    }

    /**
     * ZooKeeper gone for longer than the session timeout: the session and its leases are lost, so the pool
     * closes every connection, the held lease's included (its token is refused from then on); once
     * ZooKeeper is back the pool grows again to demand.
     */
    @Test
    void aLostSessionClosesEveryConnectionAndThePoolGrowsBackWhenZooKeeperReturns() throws Exception {
        DatabaseConnectionPool a = server(Duration.ofMinutes(5), Duration.ofSeconds(2));
        Lease held = a.lease("x", 0);
        zookeeper.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.stats().max() == 0);
        assertThat(poolConnections()).isZero();
        assertThatThrownBy(() -> a.renew("x", held.token()))
                .isInstanceOf(LeaseNotHeldException.class);
        assertThatThrownBy(() -> a.lease("x", 500))
                .as("no place can be reserved without ZooKeeper").isInstanceOf(PoolExhaustedException.class);

        zookeeper.restart();
        Lease again = a.lease("x", 20_000);
        assertThat(a.stats().max()).isEqualTo(1);
        a.release("x", again.token());
        assertThat(violations).isEmpty();
    }

    @Test
    void eachServerRunHasItsOwnEpochAndRefusesTheTokensOfOthersAndOfItsEarlierRun() throws Exception {
        DatabaseConnectionPool a = server(Duration.ofMinutes(5));
        DatabaseConnectionPool b = server(Duration.ofMinutes(5));
        Lease onA = a.lease("client", 0);
        Lease onB = b.lease("client", 0);
        assertThat(Lease.epochOf(onA.token())).isNotEqualTo(Lease.epochOf(onB.token()));
        assertThatThrownBy(() -> b.renew("client", onA.token())).isInstanceOf(LeaseNotHeldException.class)
                .hasMessageContaining("not granted by this server");

        // a restarts: a new run, a new epoch beyond every earlier one; a's old token means nothing to it
        long oldToken = onA.token();
        stop(a);
        DatabaseConnectionPool restarted = server(Duration.ofMinutes(5));
        Lease fresh = restarted.lease("client", 5_000);
        assertThat(Lease.epochOf(fresh.token())).isGreaterThan(Math.max(Lease.epochOf(oldToken), Lease.epochOf(onB.token())));
        assertThat(fresh.token()).isGreaterThan(oldToken);
        assertThatThrownBy(() -> restarted.release("client", oldToken)).isInstanceOf(LeaseNotHeldException.class)
                .hasMessageContaining("an earlier run's");
        assertThat(violations).isEmpty();
    }

    @Test
    void everyServerSeesTheWholeFleetInItsStats() throws Exception {
        DatabaseConnectionPool a = server("a.example:1099", CAP, Duration.ofMinutes(5), Duration.ofSeconds(10));
        DatabaseConnectionPool b = server("b.example:1100", CAP, Duration.ofMinutes(5), Duration.ofSeconds(10));
        Lease one = b.lease("x", 0);
        Lease two = b.lease("x", 5_000); // b grows to 2
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            FleetStats seenByA = a.stats().fleet();
            assertThat(seenByA.name()).isEqualTo("fleet-test");
            assertThat(seenByA.cap()).isEqualTo(CAP);
            assertThat(seenByA.held()).isEqualTo(3);
            assertThat(seenByA.members()).extracting(FleetStats.Member::endpoint, FleetStats.Member::connections,
                    FleetStats.Member::self).containsExactly(tuple("a.example:1099", 1, true), tuple("b.example:1100", 2, false));
            assertThat(b.stats().fleet().members()).extracting(FleetStats.Member::endpoint, FleetStats.Member::self)
                    .containsExactly(tuple("b.example:1100", true), tuple("a.example:1099", false));
        });
        MeterRegistry meters = new SimpleMeterRegistry();
        new PoolMetrics(meters, "pool").watch(a);
        assertThat(meters.get("rmipool.fleet.cap").gauge().value()).isEqualTo(CAP);
        assertThat(meters.get("rmipool.fleet.connections").gauge().value()).isEqualTo(3);
        assertThat(meters.get("rmipool.fleet.servers").gauge().value()).isEqualTo(2);
        b.release("x", one.token());
        b.release("x", two.token());
        stop(b); // its announcement goes with its session
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(a.stats().fleet().members()).extracting(FleetStats.Member::endpoint).containsExactly("a.example:1099"));
        assertThat(violations).isEmpty();
    }

    @Test
    void aServerGivenAnotherCapThanTheFleetsIsRefused() throws Exception {
        server("a.example:1099", CAP, Duration.ofMinutes(5), Duration.ofSeconds(10));
        assertThatThrownBy(() -> ZooKeeperFleet.join(zookeeper.getConnectString(), "fleet-test", "b.example:1100", CAP + 1,
                Duration.ofSeconds(10), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.example:1099 (cap 3)").hasMessageContaining("same --global-max-connections");
        // another pool name is another fleet, with a cap of its own
        ZooKeeperFleet other = ZooKeeperFleet.join(zookeeper.getConnectString(), "another-fleet", "b.example:1100", CAP + 1,
                Duration.ofSeconds(10), Duration.ofMinutes(5));
        other.close();
    }

    /**
     * Whoever can write to ZooKeeper can put anything among the announcements: what is not one (no
     * endpoint, a cap that is not a number, a malformed escape, a 500 KB blob, no data) is left out of the
     * stats and of the start-up cap check, and the fleet goes on serving.
     */
    @Test
    void nodesThatAreNotAnnouncementsAreIgnored() throws Exception {
        DatabaseConnectionPool a = server("a.example:1099", CAP, Duration.ofMinutes(5), Duration.ofSeconds(10));
        try (CuratorFramework intruder = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100))) {
            intruder.start();
            String servers = "/rmipool/fleet-test/servers/";
            intruder.create().forPath(servers + "no-endpoint", "cap=99\nconnections=1\n".getBytes(StandardCharsets.UTF_8));
            intruder.create().forPath(servers + "bad-cap", "endpoint=x:1\ncap=lots\nconnections=1\n".getBytes(StandardCharsets.UTF_8));
            intruder.create().forPath(servers + "bad-escape", "endpoint=x:1\\u12\ncap=99\nconnections=1\n".getBytes(StandardCharsets.UTF_8));
            intruder.create().forPath(servers + "blob", new byte[500_000]);
            intruder.create().forPath(servers + "empty", new byte[0]);

            ZooKeeperFleet b = ZooKeeperFleet.join(zookeeper.getConnectString(), "fleet-test", "b.example:1100", CAP,
                    Duration.ofSeconds(10), Duration.ofMinutes(5));
            toClose.add(b);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(b.fleetStats().members())
                    .extracting(FleetStats.Member::endpoint).containsExactlyInAnyOrder("a.example:1099", "b.example:1100"));
            assertThat(a.stats().fleet().members()).extracting(FleetStats.Member::endpoint)
                    .containsExactlyInAnyOrder("a.example:1099", "b.example:1100");
            Lease lease = a.lease("x", 0);
            a.release("x", lease.token());
        }
        assertThat(violations).isEmpty();
    }
}
