package io.rmipool.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.Lease;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.PoolStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin controls of {@link AdministeredPool} on a real pool over H2: pause and resume, drain,
 * resize (with leases held), evict. Background work runs on the calling thread and the maintainer's
 * round is run by hand, so each step's effect is visible when the call returns. The ledger's
 * invariants are checked on every transition (assertions are on) and again by the tests after each step.
 */
class PoolAdministrationTest {
    private static final long WAIT = 60_000;

    private final TestPools pools = new TestPools();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private DatabaseConnectionPool pool;

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        if (pool != null) {
            pool.ledger().checkInvariants();
            pool.close();
            pool.ledger().checkInvariants();
        }
    }

    @Test
    void pauseMakesNewLeasesWaitWhileHeldLeasesGoOn() throws Exception {
        pool = pools.safe(2);
        Lease held = pool.lease("a", 0);
        pool.pause();
        assertThat(pool.stats().paused()).isTrue();

        assertThatThrownBy(() -> pool.lease("b", 0)).isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("paused");
        Future<Lease> waiting = threads.submit(() -> pool.lease("b", WAIT));
        await().until(() -> pool.stats().waiting() == 1);

        // the held lease goes on: renewed, used, released
        pool.renew("a", held.token());
        assertThat(selectOne(held, "a")).isEqualTo(1);
        assertThat(pool.release("a", held.token())).isTrue();
        PoolStats paused = pool.stats();
        assertThat(paused.idle()).isEqualTo(2);
        assertThat(paused.waiting()).isEqualTo(1);
        assertThat(waiting).isNotDone();
        pool.ledger().checkInvariants();

        pool.resume();
        Lease granted = waiting.get(10, TimeUnit.SECONDS);
        assertThat(pool.stats().paused()).isFalse();
        assertThat(pool.release("b", granted.token())).isTrue();
    }

    @Test
    void resumeServesTheWaitersInArrivalOrder() throws Exception {
        pool = pools.safe(1);
        pool.pause();
        Future<Lease> first = threads.submit(() -> pool.lease("first", WAIT));
        await().until(() -> pool.stats().waiting() == 1);
        Future<Lease> second = threads.submit(() -> pool.lease("second", WAIT));
        await().until(() -> pool.stats().waiting() == 2);

        pool.resume();
        Lease lease = first.get(10, TimeUnit.SECONDS);
        assertThat(second).isNotDone();
        pool.release("first", lease.token());
        pool.release("second", second.get(10, TimeUnit.SECONDS).token());
    }

    /** A drain refuses new and waiting lease calls at once, lets the held lease work, and ends when it comes back. */
    @Test
    void drainRefusesNewLeasesAndWaitsForTheHeldOnes() throws Exception {
        pool = pools.safe(1);
        Lease held = pool.lease("holder", 0);
        Future<Lease> waiter = threads.submit(() -> pool.lease("waiter", WAIT));
        await().until(() -> pool.stats().waiting() == 1);

        Future<Integer> drain = threads.submit(() -> pool.drain(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PoolClosedException.class)
                .hasMessageContaining("draining");
        await().until(() -> pool.stats().draining());
        assertThatThrownBy(() -> pool.lease("late", 0)).isInstanceOf(PoolClosedException.class)
                .hasMessageContaining("draining");
        assertThatThrownBy(() -> pool.pause()).isInstanceOf(PoolClosedException.class);

        assertThat(selectOne(held, "holder")).isEqualTo(1);
        assertThat(drain).isNotDone();
        pool.release("holder", held.token());
        assertThat(drain.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void drainThatTimesOutSaysHowManyLeasesAreStillHeld() throws Exception {
        pool = pools.safe(3);
        Lease a = pool.lease("a", 0);
        Lease b = pool.lease("b", 0);

        assertThat(pool.drain(Duration.ofMillis(200))).isEqualTo(2);
        assertThat(selectOne(a, "a")).isEqualTo(1); // still held: the server's stop ends it, not the drain
        pool.release("b", b.token());
    }

    @Test
    void growingOpensConnectionsThatCanAllBeLeasedAtOnce() throws Exception {
        pool = pools.safe(2);
        AdministeredPool.Resized resized = pool.resize(5);
        assertThat(resized).isEqualTo(new AdministeredPool.Resized(2, 5, 0, 3, 0));
        PoolStats stats = pool.stats();
        assertThat(stats.max()).isEqualTo(5);
        assertThat(stats.target()).isEqualTo(5);
        assertThat(stats.idle()).isEqualTo(5);

        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            leases.add(pool.lease("h", 0));
        }
        assertThat(leases).extracting(Lease::connectionId).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        for (Lease lease : leases) {
            assertThat(selectOne(lease, "h")).isEqualTo(1);
        }
    }

    /**
     * Shrinking with leases held: the idle connection goes at once, the leased ones go only as their
     * holders give them back, and until then every holder keeps a working connection.
     */
    @Test
    void shrinkingNeverTakesAConnectionFromItsHolder() throws Exception {
        pool = pools.safe(4);
        Lease a = pool.lease("a", 0);
        Lease b = pool.lease("b", 0);
        Lease c = pool.lease("c", 0);
        Map<Integer, Connection> byId = connectionsById();

        AdministeredPool.Resized resized = pool.resize(1);
        assertThat(resized).isEqualTo(new AdministeredPool.Resized(4, 1, 1, 0, 2));
        assertThat(pool.stats()).extracting(PoolStats::max, PoolStats::target, PoolStats::leased, PoolStats::idle)
                .containsExactly(3, 1, 3, 0);
        Map<String, Lease> holders = Map.of("a", a, "b", b, "c", c);
        for (Map.Entry<String, Lease> held : holders.entrySet()) {
            pool.renew(held.getKey(), held.getValue().token());
            assertThat(selectOne(held.getValue(), held.getKey())).isEqualTo(1);
        }

        pool.release("a", a.token());
        assertThat(byId.get(a.connectionId()).isClosed()).isTrue();
        assertThat(pool.stats().max()).isEqualTo(2);
        pool.release("b", b.token());
        assertThat(byId.get(b.connectionId()).isClosed()).isTrue();
        assertThat(pool.stats().max()).isEqualTo(1);
        pool.release("c", c.token());
        assertThat(byId.get(c.connectionId()).isClosed()).isFalse(); // at the target: kept
        assertThat(pool.stats()).extracting(PoolStats::max, PoolStats::idle).containsExactly(1, 1);
        assertThat(byId.values().stream().filter(this::isClosed).count()).isEqualTo(3);
    }

    @Test
    void growingBackBeforeTheLeasesEndCancelsTheirRetirement() throws Exception {
        pool = pools.safe(3);
        List<Lease> held = List.of(pool.lease("h", 0), pool.lease("h", 0), pool.lease("h", 0));
        assertThat(pool.resize(1).retireLater()).isEqualTo(2);
        assertThat(pool.resize(3)).isEqualTo(new AdministeredPool.Resized(3, 3, 0, 0, 0));
        for (Lease lease : held) {
            pool.release("h", lease.token());
        }
        assertThat(pool.stats()).extracting(PoolStats::max, PoolStats::idle).containsExactly(3, 3);
    }

    /** Evict: the idle connections are replaced at once, the leased one when it comes back (by the maintainer). */
    @Test
    void evictReplacesIdleConnectionsNowAndLeasedOnesWhenTheyComeBack() throws Exception {
        pool = pools.safe(3);
        Lease held = pool.lease("h", 0);
        Map<Integer, Connection> before = connectionsById();

        assertThat(pool.evict()).isEqualTo(new AdministeredPool.Evicted(2, 1));
        Map<Integer, Connection> afterEvict = connectionsById();
        for (int id : before.keySet()) {
            boolean isHeld = id == held.connectionId();
            assertThat(afterEvict.get(id) == before.get(id)).as("connection %d kept", id).isEqualTo(isHeld);
            assertThat(before.get(id).isClosed()).as("connection %d closed", id).isEqualTo(!isHeld);
        }
        assertThat(selectOne(held, "h")).isEqualTo(1);

        pool.release("h", held.token());
        assertThat(before.get(held.connectionId()).isClosed()).isTrue();
        pool.maintain(); // reopens the slot the release closed
        await().until(() -> pool.stats().idle() == 3);
        Map<Integer, Connection> after = connectionsById();
        for (int id : before.keySet()) {
            assertThat(after.get(id)).isNotSameAs(before.get(id));
            assertThat(after.get(id).isClosed()).isFalse();
        }
    }

    @Test
    void resizeOutOfRangeIsRefusedAndChangesNothing() throws Exception {
        pool = pools.safe(2);
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE, PoolSettings.MAX_CONNECTIONS_LIMIT + 1}) {
            assertThatThrownBy(() -> pool.resize(bad)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining(String.valueOf(bad));
        }
        assertThatThrownBy(() -> pool.drain(Duration.ofMillis(-1))).isInstanceOf(InvalidArgumentException.class);
        assertThat(pool.stats()).extracting(PoolStats::max, PoolStats::target, PoolStats::draining)
                .containsExactly(2, 2, false);
        pool.release("h", pool.lease("h", 0).token());
    }

    /**
     * Invariant: no connection is held by two leases at once — checked at every grant and release by 4
     * leasing threads (and by the ledger at every transition) while an admin thread pauses, resumes,
     * resizes between 1 and 6 and evicts at random. At the end, after a last resize to 3, every
     * connection is back, open and idle.
     */
    @Test
    void adminOperationsUnderContentionNeverHandOneConnectionToTwoLeases() throws Exception {
        pool = pools.safe(3);
        ExclusiveHoldings holdings = new ExclusiveHoldings(16);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> leasers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String holder = "client-" + t;
            leasers.add(threads.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    Lease lease = pool.lease(holder, WAIT);
                    holdings.granted(lease);
                    if (i % 10 == 0) {
                        selectOne(lease, holder);
                    }
                    holdings.releasing(lease);
                    pool.release(holder, lease.token());
                }
                return null;
            }));
        }
        Future<?> admin = threads.submit(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                switch (random.nextInt(4)) {
                    case 0 -> {
                        pool.pause();
                        pool.resume();
                    }
                    case 1 -> pool.resize(1 + random.nextInt(6));
                    case 2 -> pool.evict();
                    default -> pool.maintain();
                }
                pool.ledger().checkInvariants();
            }
            return null;
        });
        for (Future<?> f : leasers) {
            f.get(2, TimeUnit.MINUTES);
        }
        stop.set(true);
        admin.get(1, TimeUnit.MINUTES);
        assertThat(holdings.violations).isEmpty();

        pool.resize(3);
        pool.maintain();
        await().until(() -> pool.stats().idle() == 3);
        assertThat(pool.stats()).extracting(PoolStats::max, PoolStats::leased).containsExactly(3, 0);
        for (Connection c : connectionsById().values()) {
            assertThat(c.isClosed()).isFalse();
        }
    }

    private int selectOne(Lease lease, String holder) throws Exception {
        return pool.withConnection(holder, lease.token(), "execute", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private Map<Integer, Connection> connectionsById() {
        Map<Integer, Connection> byId = new java.util.HashMap<>();
        for (PooledConnection slot : pool.slots()) {
            byId.put(slot.id, slot.connection);
        }
        return byId;
    }

    private boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
