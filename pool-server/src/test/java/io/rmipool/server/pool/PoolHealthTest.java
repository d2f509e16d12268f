package io.rmipool.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.Lease;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolStats;
import io.rmipool.server.jdbc.JdbcConnector;
import java.net.ServerSocket;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Broken connections and a database that goes away and comes back. */
class PoolHealthTest {
    private final AtomicLong now = new AtomicLong();
    private DatabaseConnectionPool pool;
    private Server database;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            database.stop();
        }
    }

    private int selectOne(Lease lease) throws Exception {
        return pool.withConnection("me", lease.token(), "execute", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void aConnectionKilledBehindThePoolsBackIsReplacedBeforeAnyoneLeasesIt() throws Exception {
        pool = new TestPools().safe(PoolSettings.of(2, Duration.ofMinutes(1)), now::get, () -> { });
        pool.slots().get(1).connection.close(); // what pg_terminate_backend does to an idle connection
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        Lease lease = pool.lease("me", 0);
        assertThat(lease.connectionId()).isEqualTo(1);
        assertThat(selectOne(lease)).isEqualTo(1);
        PoolStats stats = pool.stats();
        assertThat(stats.idle() + stats.leased()).isEqualTo(2);
    }

    @Test
    void aConnectionThatBrokeDuringALeaseIsReplacedInTheBackgroundNotHandedOut() throws Exception {
        pool = new TestPools().safe(PoolSettings.of(1, Duration.ofMinutes(1)), now::get, () -> { });
        Lease lease = pool.lease("me", 0);
        assertThat(selectOne(lease)).isEqualTo(1);
        pool.slots().get(0).connection.close(); // the database dropped it while leased
        pool.release("me", lease.token());

        assertThat(pool.stats().idle()).as("the broken connection is not back in the pool").isZero();
        pool.maintain();
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(selectOne(pool.lease("me", 0))).isEqualTo(1);
    }

    @Test
    void aDriverThrowingUncheckedExceptionsCostsAConnectionNotASlot() throws Exception {
        JdbcConnector connector = TestPools.faulty();
        pool = new DatabaseConnectionPool(connector, PoolSettings.of(1, Duration.ofMinutes(1)), now::get,
                Clock.systemUTC(), () -> { });
        try {
            Lease lease = pool.lease("me", 0);
            assertThat(selectOne(lease)).isEqualTo(1); // makes the lease dirty: release resets
            FaultyDriver.failing = "getAutoCommit";
            pool.release("me", lease.token());
            FaultyDriver.failing = "";

            pool.maintain();
            assertThat(selectOne(pool.lease("me", 0))).as("the slot came back with a new connection").isEqualTo(1);
        } finally {
            FaultyDriver.reset();
        }
    }

    @Test
    void theMaintainerSurvivesAnErrorAndStillReclaimsADeadClientsLease() throws Exception {
        JdbcConnector connector = TestPools.faulty();
        // keepalive 1 s validates the idle connection before the 3 s lease expires
        pool = DatabaseConnectionPool.open(connector, new PoolSettings(2, 10, Duration.ofSeconds(3), Duration.ZERO,
                Duration.ofMinutes(30), Duration.ofSeconds(1)));
        try {
            pool.lease("dead-client", 0); // never renewed
            FaultyDriver.withError = true;
            FaultyDriver.failing = "isValid";
            int before = FaultyDriver.failures.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> FaultyDriver.failures.get() > before);
            FaultyDriver.failing = "";

            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                    .until(() -> pool.stats().expired() == 1);
            assertThat(pool.stats().maintainerAlive()).isTrue();
        } finally {
            FaultyDriver.reset();
        }
    }

    @Test
    void callsAfterCloseAreRefusedAsClosedNotCrashed() throws Exception {
        pool = new TestPools().safe(PoolSettings.of(2, Duration.ofMinutes(1)), now::get, () -> { });
        Lease lease = pool.lease("me", 0);
        pool.close();
        assertThatThrownBy(() -> pool.renew("me", lease.token())).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> selectOne(lease)).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> pool.release("me", lease.token())).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> pool.lease("me", 0)).isInstanceOf(PoolClosedException.class);
    }

    @Test
    void aDatabaseThatGoesAwayIsReportedAsUnavailableAndThePoolHealsWhenItReturns() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        database = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        JdbcConnector connector = new JdbcConnector("jdbc:h2:tcp://localhost:" + port + "/mem:health", "", "",
                Duration.ofMinutes(1));
        pool = new DatabaseConnectionPool(connector, PoolSettings.of(2, Duration.ofMinutes(1)), now::get,
                Clock.systemUTC(), () -> { });

        database.stop();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        for (long timeout : new long[] {0, 0, 5_000}) {
            assertThatThrownBy(() -> pool.lease("me", timeout))
                    .as("never 'pool exhausted' when the database is the problem")
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("database unavailable at localhost:" + port);
        }

        database = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        pool.maintain();
        assertThat(pool.stats().idle()).as("the first retry waits out its backoff").isZero();
        now.addAndGet(ReconnectBackoff.FIRST_DELAY_NANOS);
        pool.maintain();
        assertThat(pool.stats().idle()).isEqualTo(2);
        assertThat(selectOne(pool.lease("me", 0))).isEqualTo(1);
    }
}
