package io.rmipool.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.TooManyWaitersException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatabaseConnectionPoolTest {
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

    /**
     * Invariant: no connection is held by two leases at once, checked at every grant and release of
     * 8 threads x 10,000 cycles on 10 connections, both as the threads see it and in the ledger's own
     * invariants; tokens strictly increase as each thread sees them; at the end every connection is idle.
     */
    @Test
    void contentionNeverHandsOneConnectionToTwoLeases() throws Exception {
        int threadsCount = 8;
        int cycles = 10_000;
        pool = pools.safe(10);
        ExclusiveHoldings holdings = new ExclusiveHoldings(10);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threadsCount; t++) {
            String holder = "client-" + t;
            done.add(threads.submit(() -> {
                long lastToken = 0;
                for (int i = 0; i < cycles; i++) {
                    Lease lease = pool.lease(holder, 10_000);
                    holdings.granted(lease);
                    pool.ledger().checkInvariants();
                    if (lease.token() <= lastToken) {
                        holdings.violations.add("token " + lease.token() + " after " + lastToken);
                    }
                    lastToken = lease.token();
                    holdings.releasing(lease);
                    assertThat(pool.release(holder, lease.token())).isTrue();
                    pool.ledger().checkInvariants();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        assertThat(holdings.violations).isEmpty();
        PoolStats stats = pool.stats();
        assertThat(stats.idle() + stats.leased()).isEqualTo(stats.max()).isEqualTo(10);
        assertThat(stats.leased()).isZero();
        assertThat(stats.granted()).isEqualTo((long) threadsCount * cycles);
        assertThat(stats.waiting()).isZero();
    }

    @Test
    void theLedgerChecksItsInvariantsAfterEveryTransitionInTheseTests() {
        // Surefire runs with assertions on: every ledger method then checks all invariants before it unlocks
        assertThat(PoolLedger.class.desiredAssertionStatus()).isTrue();
    }

    @Test
    void leaseWithZeroTimeoutFailsAtOnceWhenNoneIsIdle() throws Exception {
        pool = pools.safe(2);
        Lease first = pool.lease("a", 0);
        Lease second = pool.lease("b", 0);
        // the seed's order: the last idle connection first
        assertThat(first.connectionId()).isEqualTo(1);
        assertThat(second.connectionId()).isEqualTo(0);
        assertThatThrownBy(() -> pool.lease("c", 0))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("all 2 are leased");
        assertThat(pool.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws Exception {
        pool = pools.safe(1);
        Lease held = pool.lease("owner", 0);
        Queue<Integer> grantOrder = new ConcurrentLinkedQueue<>();
        List<Future<?>> waiters = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int number = i;
            waiters.add(threads.submit(() -> {
                Lease lease = pool.lease("waiter-" + number, 30_000);
                grantOrder.add(number);
                pool.release("waiter-" + number, lease.token());
                return null;
            }));
            // the next waiter starts only once this one is queued, so arrival order is 1..5
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == number);
        }
        pool.release("owner", held.token());
        for (Future<?> w : waiters) {
            w.get(30, TimeUnit.SECONDS);
        }
        assertThat(grantOrder).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aWaiterGivesUpAfterItsTimeout() throws Exception {
        pool = pools.safe(1);
        pool.lease("owner", 0);
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.lease("late", 300))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        PoolStats stats = pool.stats();
        assertThat(stats.waiting()).isZero();
        assertThat(stats.timeouts()).isEqualTo(1);
    }

    @Test
    void callersBeyondMaxWaitersAreRefusedAtOnce() throws Exception {
        pool = pools.safe(PoolSettings.of(1, Duration.ofMinutes(5)).withMaxWaiters(2), System::nanoTime, () -> { });
        Lease held = pool.lease("owner", 0);
        List<Future<Lease>> waiting = List.of(
                threads.submit(() -> pool.lease("w1", 30_000)),
                threads.submit(() -> pool.lease("w2", 30_000)));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == 2);

        assertThatThrownBy(() -> pool.lease("w3", 30_000))
                .isInstanceOf(TooManyWaitersException.class)
                .hasMessageContaining("limit 2");
        assertThat(pool.stats().refused()).isEqualTo(1);

        pool.release("owner", held.token());
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream().filter(Future::isDone).count() == 1);
        assertThat(pool.stats().waiting()).isEqualTo(1);
    }

    @Test
    void staleForgedAndForeignTokensChangeNothing() throws Exception {
        pool = pools.safe(1);
        Lease mine = pool.lease("me", 0);

        // someone else's token and one never granted get the same answer: no way to probe which exist
        assertThatThrownBy(() -> pool.release("intruder", mine.token()))
                .isInstanceOf(LeaseNotHeldException.class)
                .hasMessage("lease " + mine.token() + " is not held by this session");
        assertThatThrownBy(() -> pool.release("intruder", 999))
                .isInstanceOf(LeaseNotHeldException.class)
                .hasMessage("lease 999 is not held by this session");
        assertThat(pool.stats().leased()).isEqualTo(1);
        assertThat(pool.stats().refused()).isEqualTo(2);

        assertThat(pool.release("me", mine.token())).isTrue();
        assertThat(pool.release("me", mine.token())).as("a double release by the holder is harmless").isFalse();
        assertThat(pool.stats().idle()).isEqualTo(1);

        // The connection now belongs to someone else: the old token must not free it.
        Lease theirs = pool.lease("them", 0);
        assertThat(theirs.connectionId()).isEqualTo(mine.connectionId());
        assertThat(theirs.token()).isGreaterThan(mine.token());
        assertThat(pool.release("me", mine.token())).isFalse();
        assertThatThrownBy(() -> pool.release("intruder", mine.token()))
                .isInstanceOf(LeaseNotHeldException.class)
                .hasMessage("lease " + mine.token() + " is not held by this session");
        assertThat(pool.stats().leased()).isEqualTo(1);
        assertThat(pool.renew("them", theirs.token()).token()).isEqualTo(theirs.token());
    }

    @Test
    void anUnrenewedLeaseIsReclaimedAndItsTokenIsDead() throws Exception {
        AtomicLong now = new AtomicLong();
        pool = pools.safe(PoolSettings.of(1, Duration.ofSeconds(1)), now::get, () -> { });
        Lease lease = pool.lease("me", 0);

        now.addAndGet(Duration.ofMillis(600).toNanos());
        pool.renew("me", lease.token());
        now.addAndGet(Duration.ofMillis(600).toNanos());
        pool.reapExpired();
        assertThat(pool.stats().leased()).as("renewed at 600 ms, so alive at 1200 ms").isEqualTo(1);

        now.addAndGet(Duration.ofMillis(1000).toNanos());
        pool.reapExpired();
        PoolStats stats = pool.stats();
        assertThat(stats.expired()).isEqualTo(1);
        assertThat(stats.idle()).isEqualTo(1);
        assertThat(stats.leased()).isZero();

        assertThatThrownBy(() -> pool.release("me", lease.token()))
                .isInstanceOf(LeaseNotHeldException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> pool.renew("me", lease.token()))
                .isInstanceOf(LeaseNotHeldException.class);
        assertThat(pool.lease("next", 0).token()).isGreaterThan(lease.token());
    }

    @Test
    void aReclaimedConnectionGoesToTheFirstWaiter() throws Exception {
        AtomicLong now = new AtomicLong();
        pool = pools.safe(PoolSettings.of(1, Duration.ofSeconds(1)), now::get, () -> { });
        pool.lease("dead-client", 0);
        Future<Lease> waiter = threads.submit(() -> pool.lease("waiter", 60_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == 1);

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        pool.reapExpired();
        assertThat(waiter.get(10, TimeUnit.SECONDS).connectionId()).isZero();
    }

    @Test
    void releaseRollsBackAndRestoresAutoCommit() throws Exception {
        pool = pools.safe(1);
        Connection c = pool.slots().get(0).connection;
        try (Statement s = c.createStatement()) {
            s.execute("create table t(x int)");
        }
        Lease lease = pool.lease("me", 0);
        pool.withConnection("me", lease.token(), "test", conn -> {
            conn.setAutoCommit(false);
            try (Statement s = conn.createStatement()) {
                return s.executeUpdate("insert into t values (1)");
            }
        });
        pool.release("me", lease.token());

        assertThat(c.getAutoCommit()).isTrue();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from t")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the holder's open transaction was rolled back").isZero();
        }
    }

    @Test
    void closeWakesWaitersAndRefusesNewLeases() throws Exception {
        pool = pools.safe(1);
        Connection connection = pool.slots().get(0).connection;
        pool.lease("owner", 0);
        Future<Lease> waiter = threads.submit(() -> pool.lease("waiter", 60_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == 1);

        pool.close();
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> pool.lease("new", 0)).isInstanceOf(PoolClosedException.class);
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void anInterruptedWaiterLeavesTheQueue() throws Exception {
        pool = pools.safe(1);
        Lease held = pool.lease("owner", 0);
        Future<Lease> waiter = threads.submit(() -> pool.lease("waiter", 60_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == 1);

        waiter.cancel(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == 0);
        pool.release("owner", held.token());
        assertThat(pool.stats().idle()).as("the connection did not go to the departed waiter").isEqualTo(1);
    }
}
