package io.rmipool.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.Lease;
import io.rmipool.api.PoolStats;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The defects a review and a model check found at the seams of the old single-class pool, one test
 * each; every test failed on that class. The ledger's invariants are checked after every step.
 */
class PoolDefectsTest {
    private final AtomicLong now = new AtomicLong();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private DatabaseConnectionPool pool;

    @AfterEach
    void tearDown() {
        FaultyDriver.reset();
        threads.shutdownNow();
        if (pool != null) {
            pool.close();
        }
    }

    private void checkInvariants() {
        pool.ledger().checkInvariants();
    }

    private static void addsUp(PoolStats stats) {
        assertThat(stats.idle() + stats.leased() + stats.maintenance()).as("every connection counted once: %s", stats)
                .isEqualTo(stats.max());
    }

    /** Makes a slot's connection dead behind the pool's back, and old enough to be validated before a lease. */
    private void kill(int slot) throws Exception {
        pool.slots().get(slot).connection.close();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
    }

    /**
     * 2.1 Reopen loses first-come-first-served. The first caller finds its connection dead and reopens it;
     * a later caller queues meanwhile. The reopened connection must go to the caller that reopened it.
     */
    @Test
    void theCallerThatReopenedADeadConnectionIsGrantedItNotALaterCaller() throws Exception {
        pool = new DatabaseConnectionPool(TestPools.faulty(), PoolSettings.of(1, Duration.ofMinutes(1)), now::get,
                Clock.systemUTC(), () -> { });
        kill(0);
        FaultyDriver.blocking = "connect"; // the reopen hangs until the test lets it go
        Future<Lease> first = threads.submit(() -> pool.lease("first", 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> FaultyDriver.blocked.get() == 1);
        checkInvariants();
        addsUp(pool.stats());

        Future<Lease> later = threads.submit(() -> pool.lease("later", 10_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == 1);
        checkInvariants();

        FaultyDriver.gate.countDown();
        Lease granted = first.get(10, TimeUnit.SECONDS);
        assertThat(granted.connectionId()).isZero();
        checkInvariants();
        assertThat(later.isDone()).as("the later caller still waits").isFalse();

        pool.release("first", granted.token());
        assertThat(later.get(10, TimeUnit.SECONDS).token()).isGreaterThan(granted.token());
        checkInvariants();
    }

    /** 2.2 Stats add up during a reopen: the reopening connection is counted, by a leaser and by the maintainer. */
    @Test
    void statsAddUpWhileAConnectionIsReopened() throws Exception {
        pool = new DatabaseConnectionPool(TestPools.faulty(), PoolSettings.of(2, Duration.ofMinutes(1)), now::get,
                Clock.systemUTC(), () -> { }, threads, false, held -> { }, ConnectionBudget.UNLIMITED);
        kill(1);
        FaultyDriver.blocking = "connect";
        Future<Lease> reopening = threads.submit(() -> pool.lease("me", 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> FaultyDriver.blocked.get() == 1);
        PoolStats during = pool.stats();
        addsUp(during);
        assertThat(during.leased()).as("the leaser's reopen counts as leased").isEqualTo(1);
        FaultyDriver.gate.countDown();
        Lease lease = reopening.get(10, TimeUnit.SECONDS);
        checkInvariants();

        // the maintainer's reopen of a connection that failed its reset
        FaultyDriver.reset();
        FaultyDriver.blocking = "connect";
        pool.withConnection("me", lease.token(), "execute", c -> {
            c.setAutoCommit(false);
            return null;
        });
        FaultyDriver.failing = "rollback"; // the reset fails: the connection is replaced in the background
        pool.release("me", lease.token());
        FaultyDriver.failing = "";
        pool.maintain();
        await().atMost(Duration.ofSeconds(10)).until(() -> FaultyDriver.blocked.get() == 1);
        PoolStats reopeningInBackground = pool.stats();
        addsUp(reopeningInBackground);
        assertThat(reopeningInBackground.maintenance()).isEqualTo(1);
        checkInvariants();
        FaultyDriver.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().idle() == 2);
        checkInvariants();
    }

    /**
     * 2.3 The maintainer is not held up by one slow database call. Two dead clients' leases expire; the
     * first reset hangs on a database that does not answer. Both are taken back on time, in one round.
     */
    @Test
    void aResetHangingOnASilentDatabaseDoesNotDelayExpiry() throws Exception {
        pool = new DatabaseConnectionPool(TestPools.faulty(), PoolSettings.of(3, Duration.ofSeconds(1)), now::get,
                Clock.systemUTC(), () -> { }, threads, false, held -> { }, ConnectionBudget.UNLIMITED);
        Lease a = pool.lease("dead-a", 0);
        Lease b = pool.lease("dead-b", 0);
        for (String holder : List.of("dead-a", "dead-b")) { // both leases ran SQL: both need a reset
            Lease l = holder.equals("dead-a") ? a : b;
            pool.withConnection(holder, l.token(), "execute", c -> {
                try (Statement s = c.createStatement()) {
                    return s.execute("select 1");
                }
            });
        }
        FaultyDriver.blocking = "getAutoCommit"; // the first step of a reset
        now.addAndGet(Duration.ofSeconds(2).toNanos());

        Future<?> round = threads.submit(pool::maintain);
        round.get(5, TimeUnit.SECONDS); // the old maintainer reset inline: this round never ended
        assertThat(pool.stats().expired()).isEqualTo(2);
        assertThatThrownBy(() -> pool.renew("dead-a", a.token())).hasMessageContaining("expired");
        await().atMost(Duration.ofSeconds(10)).until(() -> FaultyDriver.blocked.get() >= 1);
        checkInvariants();
        PoolStats resetting = pool.stats();
        assertThat(resetting.leased()).as("an expired lease whose reset hangs is no one's lease").isZero();
        assertThat(resetting.maintenance()).isEqualTo(2);
        addsUp(resetting);
        assertThat(pool.lease("alive", 0).connectionId()).as("the third connection is still served").isZero();

        FaultyDriver.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().idle() == 2);
        checkInvariants();
    }

    /**
     * 2.4 Reconnect backoff. The first retry after a failure comes 100 ms later, then 200, 400...; and a
     * lease that reopens a connection successfully starts the backoff over.
     */
    @Test
    void theFirstRetryComesAfter100MsAndASuccessfulReopenByALeaseResetsTheBackoff() throws Exception {
        pool = new DatabaseConnectionPool(TestPools.faulty(), PoolSettings.of(2, Duration.ofMinutes(1)), now::get,
                Clock.systemUTC(), () -> { });
        // a connection fails its reset with the database down: the maintainer's first attempt fails
        Lease lease = pool.lease("me", 0);
        pool.withConnection("me", lease.token(), "execute", c -> {
            c.setAutoCommit(false);
            return null;
        });
        FaultyDriver.failing = "rollback";
        pool.release("me", lease.token());
        FaultyDriver.failing = "";
        FaultyDriver.refuseConnects = true;
        int attempts = FaultyDriver.connects.get();
        pool.maintain();
        assertThat(FaultyDriver.connects.get()).as("first attempt").isEqualTo(attempts + 1);

        now.addAndGet(Duration.ofMillis(99).toNanos());
        pool.maintain();
        assertThat(FaultyDriver.connects.get()).as("not before 100 ms").isEqualTo(attempts + 1);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        pool.maintain();
        assertThat(FaultyDriver.connects.get()).as("the first retry, at 100 ms").isEqualTo(attempts + 2);
        now.addAndGet(Duration.ofMillis(199).toNanos());
        pool.maintain();
        assertThat(FaultyDriver.connects.get()).as("then 200 ms").isEqualTo(attempts + 2);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        pool.maintain();
        assertThat(FaultyDriver.connects.get()).isEqualTo(attempts + 3);
        checkInvariants();

        // the database is back; a lease finds its idle connection dead and reopens it: the backoff starts over
        FaultyDriver.refuseConnects = false;
        kill(0);
        assertThat(pool.lease("me", 0).connectionId()).isZero();
        FaultyDriver.refuseConnects = true;
        now.addAndGet(Duration.ofSeconds(1).toNanos()); // the old delay (400 ms) is due: the broken slot is retried
        int before = FaultyDriver.connects.get();
        pool.maintain();
        assertThat(FaultyDriver.connects.get()).isEqualTo(before + 1);
        now.addAndGet(Duration.ofMillis(100).toNanos());
        pool.maintain();
        assertThat(FaultyDriver.connects.get()).as("100 ms again, not 800").isEqualTo(before + 2);
        checkInvariants();
    }

    /** 2.5 Two client threads on one lease: their calls run one at a time, in arrival order. */
    @Test
    void callsOfOneLeaseRunOneAtATimeInArrivalOrder() throws Exception {
        pool = new TestPools().safe(1);
        Lease lease = pool.lease("me", 0);
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch finishFirst = new CountDownLatch(1);
        Queue<String> order = new ConcurrentLinkedQueue<>();
        Future<?> first = threads.submit(() -> pool.withConnection("me", lease.token(), "execute", c -> {
            order.add("first");
            firstInside.countDown();
            try {
                finishFirst.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch secondRan = new CountDownLatch(1);
        Future<?> second = threads.submit(() -> pool.withConnection("me", lease.token(), "execute", c -> {
            order.add("second");
            secondRan.countDown();
            return null;
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.slots().get(0).callLock.getQueueLength() == 1);
        Future<?> third = threads.submit(() -> pool.withConnection("me", lease.token(), "execute", c -> {
            order.add("third");
            return null;
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.slots().get(0).callLock.getQueueLength() == 2);
        assertThat(secondRan.getCount()).as("the second call waits while the first runs").isOne();
        checkInvariants();

        finishFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly("first", "second", "third");
        checkInvariants();
    }

    /**
     * 2.7 A background keepalive check made {@code lease(0)} fail while no connection was leased. The
     * caller now waits for the check (bounded by the validation timeout) and gets the connection.
     */
    @Test
    void aKeepaliveCheckDoesNotMakeLeaseWithNoWaitFailWhileNothingIsLeased() throws Exception {
        pool = new DatabaseConnectionPool(TestPools.faulty(), PoolSettings.of(1, Duration.ofMinutes(1)), now::get,
                Clock.systemUTC(), () -> { }, threads, false, held -> { }, ConnectionBudget.UNLIMITED);
        now.addAndGet(Duration.ofMinutes(2).toNanos()); // past the keepalive
        FaultyDriver.blocking = "isValid";
        Future<?> round = threads.submit(pool::maintain);
        await().atMost(Duration.ofSeconds(10)).until(() -> FaultyDriver.blocked.get() == 1);
        assertThat(pool.stats().leased()).isZero();
        checkInvariants();

        Future<Lease> noWait = threads.submit(() -> pool.lease("me", 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == 1);
        FaultyDriver.gate.countDown();
        assertThat(noWait.get(10, TimeUnit.SECONDS).connectionId()).isZero();
        round.get(10, TimeUnit.SECONDS);
        checkInvariants();
    }

    @Test
    void aDatabaseThatIsDownIsNeverReportedAsExhausted() throws Exception {
        pool = new DatabaseConnectionPool(TestPools.faulty(), PoolSettings.of(1, Duration.ofMinutes(1)), now::get,
                Clock.systemUTC(), () -> { });
        kill(0);
        FaultyDriver.refuseConnects = true;
        assertThatThrownBy(() -> pool.lease("me", 0)).isInstanceOf(DatabaseUnavailableException.class);
        assertThatThrownBy(() -> pool.lease("me", 5_000)).as("and says so at once, not at the timeout")
                .isInstanceOf(DatabaseUnavailableException.class);
        addsUp(pool.stats());
        checkInvariants();
    }
}
