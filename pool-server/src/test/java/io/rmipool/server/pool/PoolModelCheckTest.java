package io.rmipool.server.pool;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.Lease;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.server.jdbc.JdbcConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model check of the pool core: Lincheck runs small concurrent scenarios of {@code lease(0)} and
 * {@code release} on two connections over many interleavings (it switches threads at every lock,
 * atomic and shared access), on the real {@link DatabaseConnectionPool} with the {@link FakeJdbc}
 * driver, whose two first connections fail their first validation (so leases reopen them).
 *
 * <p>What it checks, in every interleaving: the results are linearizable (some sequential order of
 * the operations gives the same results: a caller that reopened a connection and then was told
 * "exhausted" while a later caller got it has no such order); no connection is held by two leases as
 * the callers see it; and the ledger's invariants hold at the end (and, with assertions on, after
 * every transition). The same harness on {@link UnsafeConnectionPool} must find the seed's race: a
 * check that cannot fail proves nothing.
 */
class PoolModelCheckTest {

    /**
     * The callers: each scenario thread keeps its own leases (Lincheck's {@link ThreadIdGen} passes the
     * thread's number, also when it replays the operations in a sequential order), so every result
     * depends on the pool alone. Which connection each lease holds is also noted in one shared map, to
     * see two leases on one connection at once.
     */
    static final class Callers {
        private final ConnectionPool pool;
        private final Map<Integer, Deque<Lease>> leasesOf = new ConcurrentHashMap<>();
        private final Map<Integer, Long> holding = new ConcurrentHashMap<>();
        private volatile String doubleHold;

        Callers(ConnectionPool pool) {
            this.pool = pool;
        }

        /** A lease with no wait; its connection id, or why none. */
        String lease(int thread) {
            try {
                Lease lease = pool.lease("client-" + thread, 0);
                Long other = holding.putIfAbsent(lease.connectionId(), lease.token());
                if (other != null) {
                    doubleHold = "connection " + lease.connectionId() + " held by tokens " + other + " and " + lease.token();
                }
                leasesOf.computeIfAbsent(thread, t -> new ArrayDeque<>()).push(lease);
                return "leased " + lease.connectionId();
            } catch (PoolExhaustedException e) {
                return "exhausted";
            } catch (DatabaseUnavailableException e) {
                return "unavailable";
            } catch (PoolException | InterruptedException e) {
                return e.getClass().getSimpleName();
            }
        }

        /** Releases this thread's latest lease, if it holds one. */
        String release(int thread) {
            Deque<Lease> mine = leasesOf.get(thread);
            if (mine == null || mine.isEmpty()) {
                return "none held";
            }
            Lease lease = mine.pop();
            holding.remove(lease.connectionId(), lease.token());
            try {
                return pool.release("client-" + thread, lease.token()) ? "released " + lease.connectionId() : "already released";
            } catch (PoolException e) {
                return e.getClass().getSimpleName();
            }
        }

        void noConnectionHeldTwice() {
            if (doubleHold != null) {
                throw new IllegalStateException(doubleHold);
            }
        }
    }

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

    /** The real pool; every reading of its clock is a second later, so every lease validates its connection. */
    public static final class SafePool {
        private final AtomicLong ticks = new AtomicLong();
        private final DatabaseConnectionPool pool;
        private final Callers callers;

        public SafePool() throws Exception {
            JdbcConnector connector = FakeJdbc.connector();
            pool = new DatabaseConnectionPool(connector, PoolSettings.of(2, Duration.ofHours(1)),
                    () -> ticks.addAndGet(Duration.ofSeconds(1).toNanos()), FIXED, () -> { });
            FakeJdbc.healthyFromNowOn(connector); // both connections die before the scenario; their reopens live
            callers = new Callers(pool);
        }

        @Operation
        public String lease(@Param(gen = ThreadIdGen.class) int thread) {
            return callers.lease(thread);
        }

        @Operation
        public String release(@Param(gen = ThreadIdGen.class) int thread) {
            return callers.release(thread);
        }

        @Validate
        public void validate() {
            callers.noConnectionHeldTwice();
            pool.ledger().checkInvariants();
        }
    }

    /** The seed's pool, on the same harness. */
    public static final class UnsafePool {
        private final Callers callers;

        public UnsafePool() throws Exception {
            callers = new Callers(new UnsafeConnectionPool(FakeJdbc.connector(), PoolSettings.of(2, Duration.ofHours(1)),
                    () -> { }));
        }

        @Operation
        public String lease(@Param(gen = ThreadIdGen.class) int thread) {
            return callers.lease(thread);
        }

        @Operation
        public String release(@Param(gen = ThreadIdGen.class) int thread) {
            return callers.release(thread);
        }

        @Validate
        public void validate() {
            callers.noConnectionHeldTwice();
        }
    }

    /**
     * Small scenarios, as the model checker's cost grows fast with them: 2 threads of 3 operations after
     * 2 sequential ones, 20 x 500 interleavings. Its WARN lines are silenced (lincheck.logLevel in the
     * pom): it cannot track the final fields of records, and it skips, with a WARN each, the interleavings
     * it cannot replay through the JDK lock's spin-waits; neither hides a failure, which is always reported.
     */
    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()

                .iterations(20)
                .invocationsPerIteration(500)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    /**
     * Log4j under the model checker is slow and says nothing the checks do not. And everything the
     * scenarios run is run once before, sequentially: a class initialized for the first time inside a
     * scenario (a record, an exception, a driver's lazy state) holds the JVM's class-init lock, which the
     * model checker cannot see, so it would take a thread waiting for it as hung, and a replay would
     * differ from the first run.
     */
    @BeforeAll
    static void quietAndWarm() throws Exception {
        Configurator.setLevel("io.rmipool", Level.OFF);
        for (Object model : new Object[] {new SafePool(), new UnsafePool()}) {
            Callers callers = model instanceof SafePool ? ((SafePool) model).callers : ((UnsafePool) model).callers;
            for (int thread = 0; thread < 2; thread++) {
                callers.lease(thread);
                callers.lease(thread);
                callers.release(thread);
                callers.release(thread);
                callers.release(thread);
            }
            callers.noConnectionHeldTwice();
        }
    }

    @AfterAll
    static void loud() {
        Configurator.setLevel("io.rmipool", Level.INFO);
    }

    @Test
    void theSafePoolIsLinearizableAndNeverHandsOneConnectionToTwoLeases() {
        options().check(SafePool.class);
    }

    @Test
    void theSameCheckFindsTheSeedsRaceInTheUnsafePool() {
        // e.g. "lease(): leased 1 | lease(): leased 1" and "connection 1 held by tokens 1 and 2"
        assertThatThrownBy(() -> options().check(UnsafePool.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("held by tokens");
    }
}
