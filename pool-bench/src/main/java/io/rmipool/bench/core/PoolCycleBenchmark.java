package io.rmipool.bench.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rmipool.api.Lease;
import io.rmipool.server.jdbc.JdbcConnector;
import io.rmipool.server.pool.DatabaseConnectionPool;
import io.rmipool.server.pool.PoolSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One checkout and one check-in of a pooled connection per operation, with nothing done in between, in
 * three pools over the same {@link StubDriver}:
 * <ul>
 *   <li>{@link #ours}: {@link DatabaseConnectionPool#lease} then {@link DatabaseConnectionPool#release},
 *       the pool core as the RMI layer calls it (no RMI here), each thread with its own holder as each
 *       client session has;</li>
 *   <li>{@link #hikariCP}: {@link HikariDataSource#getConnection()} then {@link Connection#close()};</li>
 *   <li>{@link #commonsPool2}: {@link GenericObjectPool#borrowObject()} then
 *       {@link GenericObjectPool#returnObject}.</li>
 * </ul>
 * The score is cycles per second over all threads. The thread count comes from the command line
 * ({@code -t 1}, {@code -t 2}, {@code -t 8}: {@code benchmarks/core.sh} runs all three); with the pool
 * {@link PoolState#size sizes} 4 and 16, eight threads share four connections, and in every other
 * combination there are more connections than threads.
 *
 * <h2>Equal terms</h2>
 * All three pools open every connection before the measurement, wait at most {@link #TIMEOUT_MILLIS}
 * for one, and make no driver call per cycle beyond HikariCP's {@code clearWarnings()} on check-in
 * (which the stub answers at once): ours and HikariCP validate a connection before a checkout only
 * when it has not proved alive in the last 500 ms, so at most once per connection per 500 ms here, and
 * neither resets one that ran nothing; Commons Pool 2 is configured not to validate or reset (see
 * {@link CommonsPool2State}). Ours keeps its maintainer thread (a round of three short lock holds every
 * 250 ms) and HikariCP its housekeeper, as in production.
 *
 * <h2>Logging</h2>
 * The pool core's per-lease log lines are DEBUG, behind an {@code isDebugEnabled()} check; its
 * {@code log4j2.xml} takes the level from {@code POOL_LOG_LEVEL}, which {@code benchmarks/core.sh}
 * sets to WARN (the forked JVMs inherit it), so that not even the INFO lines of opening and closing a
 * pool are written. HikariCP logs through SLF4J, which has no provider here: nothing.
 *
 * <h2>Thread safety</h2>
 * Each pool is one {@link Scope#Benchmark} state shared by all benchmark threads, which is what the
 * pools are built for; each thread's {@link Session} is its own. Setup and tear-down run once per trial
 * (fork and parameter set), outside the measurement.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PoolCycleBenchmark {
    /** How long a checkout may wait for a connection in every pool (never reached here). */
    static final long TIMEOUT_MILLIS = 30_000;
    /** Long enough that no lease expires: a lease lasts a few microseconds. */
    static final Duration LEASE_TTL = Duration.ofSeconds(30);

    /** The number of connections, common to the three pools. */
    @State(Scope.Benchmark)
    public abstract static class PoolState {
        @Param({"4", "16"})
        public int size;
    }

    /** The pool core over the stub driver, with the default settings but for size and TTL. */
    public static class OurPoolState extends PoolState {
        DatabaseConnectionPool pool;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            JdbcConnector connector = new JdbcConnector(new StubDriver(), StubDriver.URL, null, null,
                    Duration.ofSeconds(30));
            pool = DatabaseConnectionPool.open(connector, PoolSettings.of(size, LEASE_TTL));
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    /**
     * HikariCP over the stub, through a {@link StubDataSource}: a fixed pool (minimum idle = maximum),
     * auto-commit on (the pool core's connections are in auto-commit mode too), no leak detection, no
     * metrics, no MBeans.
     */
    public static class HikariState extends PoolState {
        HikariDataSource dataSource;

        @Setup(Level.Trial)
        public void open() throws InterruptedException {
            HikariConfig config = new HikariConfig();
            config.setPoolName("bench-hikari");
            config.setDataSource(new StubDataSource(new StubDriver()));
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(size);
            config.setAutoCommit(true);
            config.setConnectionTimeout(TIMEOUT_MILLIS);
            config.setLeakDetectionThreshold(0);
            config.setRegisterMbeans(false);
            dataSource = new HikariDataSource(config);
            // HikariCP opens one connection at start and the rest in the background: wait for them all
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dataSource.getHikariPoolMXBean().getIdleConnections() < size) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("HikariCP did not open " + size + " connections in 10 s");
                }
                Thread.sleep(10);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            dataSource.close();
        }
    }

    /**
     * A {@link GenericObjectPool} of stub connections, opened up front ({@link GenericObjectPool#addObjects}).
     * Settings, where they differ from the defaults or matter:
     * <ul>
     *   <li>maxTotal = maxIdle = size, blockWhenExhausted with maxWait {@link #TIMEOUT_MILLIS}: a fixed
     *       pool that queues callers, like the other two;</li>
     *   <li>LIFO (the default), like the pool core's idle stack;</li>
     *   <li>no testOnBorrow, testOnReturn or evictor: Commons Pool 2 has no "proved alive lately"
     *       window, so testOnBorrow would validate on every borrow, where ours and HikariCP validate a
     *       connection at most once per 500 ms in this loop; leaving it off is the closer equivalent
     *       (and the one that favours Commons Pool 2);</li>
     *   <li>the factory's activate and passivate do nothing: a factory cannot tell whether a borrower ran
     *       SQL, so a real one would roll back on return; here, as in the other two pools for a
     *       connection that ran nothing, no reset happens;</li>
     *   <li>default (non-fair) lock, no JMX.</li>
     * </ul>
     */
    public static class CommonsPool2State extends PoolState {
        GenericObjectPool<Connection> pool;

        @Setup(Level.Trial)
        public void open() throws Exception {
            GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
            config.setMaxTotal(size);
            config.setMaxIdle(size);
            config.setBlockWhenExhausted(true);
            config.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
            config.setLifo(true);
            config.setTestOnBorrow(false);
            config.setTestOnReturn(false);
            config.setTestWhileIdle(false);
            config.setJmxEnabled(false);
            pool = new GenericObjectPool<>(new StubConnectionFactory(new StubDriver()), config);
            pool.addObjects(size);
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    /** Opens and closes stub connections for Commons Pool 2; thread-safe (the driver holds no state). */
    static final class StubConnectionFactory extends BasePooledObjectFactory<Connection> {
        private final StubDriver driver;

        StubConnectionFactory(StubDriver driver) {
            this.driver = driver;
        }

        @Override
        public Connection create() {
            return driver.connect(StubDriver.URL, new Properties());
        }

        @Override
        public PooledObject<Connection> wrap(Connection connection) {
            return new DefaultPooledObject<>(connection);
        }

        @Override
        public void destroyObject(PooledObject<Connection> pooled) throws SQLException {
            pooled.getObject().close();
        }
    }

    /** One benchmark thread's client session: the holder its leases are granted to. */
    @State(Scope.Thread)
    public static class Session {
        private static final AtomicInteger NUMBER = new AtomicInteger();
        final String holder = "bench-session-" + NUMBER.incrementAndGet();
    }

    @Benchmark
    public Lease ours(OurPoolState state, Session session) throws Exception {
        Lease lease = state.pool.lease(session.holder, TIMEOUT_MILLIS);
        state.pool.release(session.holder, lease.token());
        return lease;
    }

    @Benchmark
    public Connection hikariCP(HikariState state) throws SQLException {
        Connection connection = state.dataSource.getConnection();
        connection.close();
        return connection;
    }

    @Benchmark
    public Connection commonsPool2(CommonsPool2State state) throws Exception {
        Connection connection = state.pool.borrowObject();
        state.pool.returnObject(connection);
        return connection;
    }
}
