package io.rmipool.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed's race: shown on purpose by the unsafe pool, impossible in the safe one. */
class RaceTest {
    private final TestPools pools = new TestPools();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    /**
     * Two callers both read the last idle connection before either removes it: the pause at the race
     * point is a barrier both must reach, so the interleaving is certain, not a matter of timing.
     */
    @Test
    void theUnsafePoolHandsOneConnectionToTwoConcurrentCallers() throws Exception {
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        UnsafeConnectionPool pool = pools.unsafe(10, () -> {
            try {
                bothHaveRead.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Future<Lease> a = threads.submit(() -> pool.lease("a", 0));
            Future<Lease> b = threads.submit(() -> pool.lease("b", 0));
            Lease first = a.get(10, TimeUnit.SECONDS);
            Lease second = b.get(10, TimeUnit.SECONDS);

            assertThat(first.connectionId()).isEqualTo(second.connectionId()).isEqualTo(9);
            assertThat(first.token()).isNotEqualTo(second.token());
            ExclusiveHoldings holdings = new ExclusiveHoldings(10);
            holdings.granted(first);
            holdings.granted(second);
            assertThat(holdings.violations).hasSize(1);
        } finally {
            pool.close();
        }
    }

    /**
     * Invariant: no connection is held by two leases at once, checked at every grant, while 8
     * threads lease concurrently through the same 20 ms pause at the same point.
     */
    @Test
    void theSafePoolStaysCorrectWithTheSameRaceDelay() throws Exception {
        PoolSettings delayed = PoolSettings.of(10, Duration.ofMinutes(5)).withRaceDelay(Duration.ofMillis(20));
        DatabaseConnectionPool pool = pools.safe(delayed, System::nanoTime, delayed.racePause());
        ExclusiveHoldings holdings = new ExclusiveHoldings(10);
        CyclicBarrier start = new CyclicBarrier(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String holder = "client-" + t;
                done.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < 5; i++) {
                        Lease lease = pool.lease(holder, 30_000);
                        holdings.granted(lease);
                        holdings.releasing(lease);
                        pool.release(holder, lease.token());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
            assertThat(holdings.violations).isEmpty();
            assertThat(pool.stats().granted()).isEqualTo(40);
        } finally {
            pool.close();
        }
    }
}
