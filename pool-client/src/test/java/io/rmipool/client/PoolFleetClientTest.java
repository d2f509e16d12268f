package io.rmipool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.rmipool.api.FleetStats;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.PoolExhaustedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client of two fake servers: leases spread over both, go to the one with a free connection, pass over
 * a server that went away (and ask it again later), and a lease on a server that went away fails there,
 * never moving to the other.
 */
class PoolFleetClientTest {
    private static final byte[] SECRET = "fleet-secret".getBytes(StandardCharsets.UTF_8);

    private final AtomicLong now = new AtomicLong();
    private FakePoolServer a;
    private FakePoolServer b;
    private PoolFleetClient fleet;

    @BeforeAll
    static void installSerialFilter() {
        ClientSerialFilter.install();
    }

    @BeforeEach
    void start() throws Exception {
        a = FakePoolServer.start(2, SECRET, Duration.ofSeconds(30));
        b = FakePoolServer.start(2, SECRET, Duration.ofSeconds(30));
        fleet = PoolFleetClient.of(List.of(settings(a), settings(b)), now::get);
    }

    @AfterEach
    void stop() {
        fleet.close();
        closeQuietly(a);
        closeQuietly(b);
    }

    /** A test may have stopped a server already, as a crash would. */
    private static void closeQuietly(FakePoolServer server) {
        try {
            server.close();
        } catch (java.rmi.NoSuchObjectException e) {
            // already gone
        }
    }

    private static ClientSettings settings(FakePoolServer server) {
        return new ClientSettings("localhost", server.port(), "pool", SECRET, "fleet-test", Duration.ofSeconds(2));
    }

    @Test
    void leasesSpreadOverTheServersInTurn() throws Exception {
        List<LeasedConnection> held = new ArrayList<>();
        held.add(fleet.lease(Duration.ZERO));
        held.add(fleet.lease(Duration.ZERO));
        assertThat(a.leasedCount()).isEqualTo(1);
        assertThat(b.leasedCount()).isEqualTo(1);
        assertThat(held).extracting(fleet::serverIndex).containsExactlyInAnyOrder(0, 1);
        assertThat(held).extracting(LeasedConnection::server)
                .containsExactlyInAnyOrder("localhost:" + a.port(), "localhost:" + b.port());
        for (LeasedConnection c : held) {
            c.close();
        }
        assertThat(fleet.stats()).containsOnlyKeys("localhost:" + a.port(), "localhost:" + b.port());
    }

    @Test
    void aLeaseGoesToTheServerThatHasAFreeConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            fleet.lease(Duration.ZERO);
        }
        assertThat(a.leasedCount() + b.leasedCount()).isEqualTo(3);
        LeasedConnection fourth = fleet.lease(Duration.ZERO);
        assertThat(a.leasedCount()).isEqualTo(2);
        assertThat(b.leasedCount()).isEqualTo(2);
        assertThatThrownBy(() -> fleet.lease(Duration.ZERO)).isInstanceOf(PoolExhaustedException.class);
        fourth.close();
        assertThat(fleet.lease(Duration.ZERO)).isNotNull();
    }

    @Test
    void aServerThatWentAwayIsPassedOverAndItsLeaseIsNeverMoved() throws Exception {
        LeasedConnection first = fleet.lease(Duration.ZERO);
        boolean firstOnA = a.leasedCount() == 1;
        LeasedConnection second = fleet.lease(Duration.ZERO);
        LeasedConnection held = firstOnA ? first : second;
        a.close(); // the server went away
        assertThatThrownBy(() -> held.execute("select 1")).isInstanceOf(ServerUnreachableException.class);

        assertThat(fleet.lease(Duration.ZERO)).isNotNull(); // b's second connection
        assertThat(b.leasedCount()).isEqualTo(2);
        assertThat(fleet.stats()).containsOnlyKeys("localhost:" + b.port());
        assertThatThrownBy(() -> fleet.lease(Duration.ZERO)).isInstanceOf(PoolExhaustedException.class);
    }

    @Test
    void whenNoServerCanBeReachedTheErrorNamesEach() throws Exception {
        a.close();
        b.close();
        assertThatThrownBy(() -> fleet.lease(Duration.ZERO)).isInstanceOf(ServerUnreachableException.class)
                .hasMessageContaining("no pool server could be reached")
                .hasMessageContaining("localhost:" + a.port()).hasMessageContaining("localhost:" + b.port());
    }

    @Test
    void aServerPassedOverIsAskedAgainAfterAWhile() throws Exception {
        int port = a.port();
        a.close();
        fleet.lease(Duration.ZERO); // a is found down, b serves
        fleet.lease(Duration.ZERO);
        a = FakePoolServer.startOn(port, 2, SECRET, Duration.ofSeconds(30));
        assertThatThrownBy(() -> fleet.lease(Duration.ZERO)).as("a is still passed over")
                .isInstanceOf(PoolExhaustedException.class);
        now.addAndGet(PoolFleetClient.RETRY_DOWN_AFTER.toNanos());
        assertThat(fleet.lease(Duration.ZERO)).isNotNull();
        assertThat(a.leasedCount()).isEqualTo(1);
    }

    @Test
    void discoveryAsksTheFirstServerForItsFleetAndKeepsTheAddressThatReachedIt() throws Exception {
        a.announceFleet(new FleetStats("pool", 4, 2, List.of(
                new FleetStats.Member("a.internal:1099", 7, 1, true),
                new FleetStats.Member("localhost:" + b.port(), 8, 1, false),
                new FleetStats.Member("::1:1100", 9, 0, false))));
        List<ClientSettings> found = PoolFleetClient.discover(settings(a));
        assertThat(found).extracting(ClientSettings::host, ClientSettings::port)
                .containsExactly(tuple("localhost", a.port()), tuple("localhost", b.port()), tuple("::1", 1100));
        assertThat(found).allSatisfy(s -> {
            assertThat(s.name()).isEqualTo("pool");
            assertThat(s.clientId()).isEqualTo("fleet-test");
            assertThat(s.secret()).isEqualTo(SECRET);
        });
        try (PoolFleetClient discovered = PoolFleetClient.of(found.subList(0, 2))) {
            assertThat(discovered.stats()).containsOnlyKeys("localhost:" + a.port(), "localhost:" + b.port());
        }
    }

    @Test
    void aServerAloneDiscoversItselfAndABadAnnouncementIsRefused() throws Exception {
        assertThat(PoolFleetClient.discover(settings(b))).extracting(ClientSettings::port).containsExactly(b.port());
        a.announceFleet(new FleetStats("pool", 4, 1, List.of(new FleetStats.Member("no-port", 1, 1, false))));
        assertThatThrownBy(() -> PoolFleetClient.discover(settings(a))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("not host:port: no-port");
    }
}
