package io.rmipool.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import io.rmipool.server.jdbc.SqlLimits;
import io.rmipool.server.jdbc.SqlRunner;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work on a leased connection: fenced by the token, and safe against release and expiry meanwhile. */
class LeasedConnectionUseTest {
    private final TestPools pools = new TestPools();
    private final SqlRunner sql = new SqlRunner(new SqlLimits(100, Duration.ofSeconds(10)));
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private DatabaseConnectionPool pool;

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        if (pool != null) {
            pool.close();
        }
    }

    private SqlResult run(String holder, long token, String statement, Object... params) throws Exception {
        return pool.withConnection(holder, token, "execute", c -> sql.run(c, statement, SqlParameters.of(params)));
    }

    /** Starts a call on the lease's connection that runs until {@code finish}; returns once it runs. */
    private Future<Object> callRunningUntil(Lease lease, CountDownLatch finish) throws InterruptedException {
        CountDownLatch inCall = new CountDownLatch(1);
        Future<Object> call = threads.submit(() -> pool.withConnection("me", lease.token(), "execute", c -> {
            inCall.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(inCall.await(10, TimeUnit.SECONDS)).as("the call started").isTrue();
        return call;
    }

    @Test
    void aStaleTokenNeverTouchesTheConnectionThatNowBelongsToSomeoneElse() throws Exception {
        pool = pools.safe(1);
        Lease mine = pool.lease("me", 0);
        run("me", mine.token(), "create table t(id int)");
        run("me", mine.token(), "insert into t values (?)", 1);
        pool.release("me", mine.token());

        Lease theirs = pool.lease("them", 0);
        assertThat(theirs.connectionId()).isEqualTo(mine.connectionId());
        assertThatThrownBy(() -> run("me", mine.token(), "insert into t values (?)", 2))
                .isInstanceOf(LeaseNotHeldException.class);
        assertThat(run("them", theirs.token(), "select count(*) from t").rows().get(0)).containsExactly(1L);
    }

    @Test
    void aReleaseDuringACallTakesEffectWhenTheCallEnds() throws Exception {
        pool = pools.safe(1);
        Lease lease = pool.lease("me", 0);
        CountDownLatch finish = new CountDownLatch(1);
        Future<Object> call = callRunningUntil(lease, finish);

        assertThat(pool.release("me", lease.token())).isTrue();
        assertThatThrownBy(() -> pool.lease("next", 0))
                .as("the connection is not free while the call runs on it")
                .isInstanceOf(PoolExhaustedException.class);

        finish.countDown();
        call.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().idle() == 1);
        assertThat(pool.lease("next", 0).connectionId()).isZero();
    }

    @Test
    void aCallInProgressKeepsItsLeaseFromExpiring() throws Exception {
        AtomicLong now = new AtomicLong();
        pool = pools.safe(PoolSettings.of(1, Duration.ofSeconds(1)), now::get, () -> { });
        Lease lease = pool.lease("me", 0);
        CountDownLatch finish = new CountDownLatch(1);
        Future<Object> call = callRunningUntil(lease, finish);

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        pool.reapExpired();
        assertThat(pool.stats().expired()).isZero();

        finish.countDown();
        call.get(10, TimeUnit.SECONDS);
        now.addAndGet(Duration.ofMillis(500).toNanos());
        pool.reapExpired();
        assertThat(pool.stats().expired()).as("the call's end renewed the lease").isZero();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        pool.reapExpired();
        assertThat(pool.stats().expired()).isEqualTo(1);
    }
}
