package io.rmipool.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.FleetStats;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolExhaustedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Token epochs: a pool moves to a spare epoch before its sequence runs out, holds connections back
 * (callers wait) while it has none, and refuses tokens of epochs it never had with a reason that says so.
 * The ledger's invariants (tokens strictly increasing, the sequence never past its epoch, no waiter
 * queued while a connection idles unless held back) are checked on every transition, as assertions are
 * on, and again after each step here.
 */
class TokenEpochsTest {
    private final TestPools pools = new TestPools();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private DatabaseConnectionPool pool;

    /** Epochs from a counter, as ZooKeeper's; {@code down} makes it fail, as an unreachable ZooKeeper. */
    private static final class Epochs implements ConnectionBudget {
        final AtomicLong counter;
        volatile boolean down;

        Epochs(long first) {
            counter = new AtomicLong(first - 1);
        }

        @Override
        public long nextTokenEpoch(long previous) {
            if (down) {
                throw new IllegalStateException("ZooKeeper is unreachable");
            }
            return counter.incrementAndGet();
        }

        @Override
        public boolean tryReserve() {
            return true;
        }

        @Override
        public void release() {
        }

        @Override
        public Duration idleRelease() {
            return Duration.ofDays(1);
        }

        @Override
        public void whenLost(Runnable action) {
        }

        @Override
        public FleetStats fleetStats() {
            return null;
        }
    }

    private DatabaseConnectionPool open(Epochs epochs) throws Exception {
        return new DatabaseConnectionPool(pools.connector, PoolSettings.of(2, Duration.ofMinutes(5)), System::nanoTime,
                Clock.systemUTC(), () -> { }, Runnable::run, false, held -> { }, epochs);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        if (pool != null) {
            pool.ledger().checkInvariants();
            pool.close();
        }
    }

    @Test
    void aloneTheFirstTokensAreInEpochZero() throws Exception {
        pool = pools.safe(1);
        Lease lease = pool.lease("a", 0);
        assertThat(Lease.epochOf(lease.token())).isZero();
        assertThat(lease.token()).isEqualTo(Lease.token(0, 1, lease.connectionId()));
    }

    @Test
    void tokensMoveToASpareEpochBeforeTheSequenceRunsOut() throws Exception {
        Epochs epochs = new Epochs(40);
        pool = open(epochs);
        long first = pool.lease("a", 0).token();
        assertThat(Lease.epochOf(first)).isEqualTo(40);
        pool.release("a", first);

        pool.maintain();
        assertThat(pool.ledger().lastEpoch()).as("no spare wanted in the epoch's first half").isEqualTo(40);
        pool.ledger().skipSequence(Lease.MAX_SEQUENCE / 2);
        pool.maintain(); // fetches the spare, on this thread
        assertThat(pool.ledger().lastEpoch()).isEqualTo(41);
        Lease stillFirstEpoch = pool.lease("a", 0);
        assertThat(Lease.epochOf(stillFirstEpoch.token())).as("the spare waits for the end of the epoch").isEqualTo(40);
        pool.release("a", stillFirstEpoch.token());

        pool.ledger().skipSequence(PoolLedger.LAST_FREE_SEQUENCE);
        Lease moved = pool.lease("a", 0);
        assertThat(Lease.epochOf(moved.token())).isEqualTo(41);
        assertThat(moved.token()).isGreaterThan(stillFirstEpoch.token())
                .isEqualTo(Lease.token(41, 1, moved.connectionId()));
        pool.ledger().checkInvariants();
    }

    @Test
    void withoutASpareEpochCallersWaitUntilOneArrives() throws Exception {
        Epochs epochs = new Epochs(7);
        pool = open(epochs);
        epochs.down = true;
        pool.ledger().skipSequence(PoolLedger.LAST_FREE_SEQUENCE);
        pool.maintain(); // the fetch fails: logged, tried again next round
        assertThat(pool.ledger().lastEpoch()).isEqualTo(7);

        assertThatThrownBy(() -> pool.lease("a", 0)).isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("used up its token epoch");
        Future<Lease> waiter = threads.submit(() -> pool.lease("b", 60_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().waiting() == 1);
        pool.ledger().checkInvariants();
        assertThat(waiter).isNotDone();

        epochs.down = false;
        pool.maintain(); // the spare arrives: the idle connection goes to the waiter
        Lease lease = waiter.get(10, TimeUnit.SECONDS);
        assertThat(Lease.epochOf(lease.token())).isEqualTo(8);
        pool.ledger().checkInvariants();
    }

    @Test
    void aTokenOfAnotherServerRunIsRefusedAsNotGrantedHere() throws Exception {
        pool = open(new Epochs(3));
        DatabaseConnectionPool other = open(new Epochs(4));
        try {
            Lease there = other.lease("same-holder", 0);
            assertThatThrownBy(() -> pool.release("same-holder", there.token()))
                    .isInstanceOf(LeaseNotHeldException.class)
                    .hasMessageContaining("was not granted by this server: its epoch 4");
            Lease here = pool.lease("same-holder", 0);
            assertThat(here.token()).as("same id and sequence, another epoch").isNotEqualTo(there.token());
            assertThat(pool.release("same-holder", here.token())).isTrue();
            // a token of this run, another holder's: the usual reason, nothing about epochs
            assertThatThrownBy(() -> pool.release("someone-else", here.token()))
                    .isInstanceOf(LeaseNotHeldException.class).hasMessageNotContaining("epoch");
        } finally {
            other.close();
        }
    }

    /**
     * Leases from 4 threads while another moves the pool to the end of its epoch again and again, with the
     * epochs' source failing now and then (callers are held back, then served). Invariants, checked at
     * every grant and release: no token is granted twice, each thread sees its tokens strictly increase
     * (a thread's leases are granted one after another), and no connection is held by two leases at once;
     * the ledger checks its own (the sequence never runs past its epoch) at every transition.
     */
    @Test
    void epochsRollOverUnderContentionWithoutATokenTwiceOrAConnectionHeldTwice() throws Exception {
        Epochs epochs = new Epochs(1);
        pool = new DatabaseConnectionPool(pools.connector, PoolSettings.of(3, Duration.ofMinutes(5)), System::nanoTime,
                Clock.systemUTC(), () -> { }, Runnable::run, false, held -> { }, epochs);
        ExclusiveHoldings holdings = new ExclusiveHoldings(PoolSettings.MAX_CONNECTIONS_LIMIT);
        Set<Long> granted = ConcurrentHashMap.newKeySet();
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String holder = "worker-" + t;
            workers.add(threads.submit(() -> {
                long last = 0;
                for (int i = 0; i < 3_000; i++) {
                    Lease lease = pool.lease(holder, 60_000);
                    holdings.granted(lease);
                    if (!granted.add(lease.token())) {
                        violations.add("token " + lease.token() + " granted twice");
                    }
                    if (lease.token() <= last) {
                        violations.add(holder + " got token " + lease.token() + " after " + last);
                    }
                    last = lease.token();
                    holdings.releasing(lease);
                    pool.release(holder, lease.token());
                }
                return null;
            }));
        }
        Future<?> mover = threads.submit(() -> {
            Random random = new Random(42);
            while (!done.get()) {
                pool.ledger().skipSequence(PoolLedger.LAST_FREE_SEQUENCE - random.nextInt(20));
                epochs.down = random.nextInt(4) == 0;
                pool.maintain(); // fetches the spare (or fails to), grows to the waiters, on this thread
                pool.ledger().checkInvariants();
                Thread.onSpinWait();
            }
            epochs.down = false;
            pool.maintain(); // whoever waits for an epoch is served
            return null;
        });
        for (Future<?> w : workers) {
            while (true) {
                try {
                    w.get(100, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    if (mover.isDone()) {
                        mover.get(); // surfaces its failure
                    }
                }
            }
        }
        done.set(true);
        mover.get(30, TimeUnit.SECONDS);
        assertThat(violations).isEmpty();
        assertThat(holdings.violations).isEmpty();
        assertThat(granted).hasSize(4 * 3_000);
        assertThat(epochs.counter.get()).as("the pool went through many epochs").isGreaterThan(10);
    }
}
