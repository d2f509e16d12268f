package io.rmipool.server.pool;

import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.SqlFailedException;
import io.rmipool.server.jdbc.JdbcConnector;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The seed's pool, race included, kept <b>on purpose</b> to show why a shared pool must be
 * thread-safe ({@code --unsafe}). Never use it for anything else.
 *
 * <p><b>Not thread-safe, deliberately.</b> {@link #lease} is the seed's {@code get()}: it reads the
 * last idle connection, pauses for the race delay, then removes the last element, with no lock.
 * Two RMI threads that both read before either removes get the <em>same</em> connection: the
 * duplicated ids of the seed's answer. With no delay the window is a few nanoseconds and the race
 * almost never shows, exactly as in the seed.
 *
 * <p>Only the race is left in: tokens stay unique and the lease table is a concurrent map, so the
 * duplicates it shows come from the check-then-act alone. Like the seed it never waits (any
 * timeout acts as 0), never reclaims leases (no expiry), and neither validates nor replaces
 * connections; releases push the connection back without a reset.
 */
public final class UnsafeConnectionPool implements ConnectionPool {
    private static final Logger LOG = LogManager.getLogger(UnsafeConnectionPool.class);

    private final PoolSettings settings;
    private final JdbcConnector connector;
    private final Runnable racePause;
    private final List<PooledConnection> slots;
    private final DatabaseInfo databaseInfo;
    /** The seed's {@code ready_pool}: an unsynchronized list, on purpose. */
    private final List<PooledConnection> readyPool;
    private final Map<Long, PooledConnection> leases = new ConcurrentHashMap<>();
    private final Map<Long, String> holders = new ConcurrentHashMap<>();
    private final AtomicLong lastSequence = new AtomicLong();
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public static UnsafeConnectionPool open(JdbcConnector connector, PoolSettings settings) throws SQLException {
        LOG.warn("UNSAFE pool: lease() is the seed's unsynchronized check-then-act (race delay {} ms); "
                + "two clients can get the same connection. For demonstrations only.", settings.raceDelay().toMillis());
        return new UnsafeConnectionPool(connector, settings, settings.racePause());
    }

    /** For tests: a custom pause at the race point. */
    UnsafeConnectionPool(JdbcConnector connector, PoolSettings settings, Runnable racePause) throws SQLException {
        this.settings = settings;
        this.connector = connector;
        this.racePause = racePause;
        List<PooledConnection> opened = new ArrayList<>();
        try {
            for (int id = 0; id < settings.maxConnections(); id++) {
                PooledConnection slot = new PooledConnection(id);
                opened.add(slot);
                slot.connection = connector.open();
                slot.state = SlotState.IDLE;
            }
            this.databaseInfo = DatabaseConnectionPool.describe(connector, opened.get(0).connection);
        } catch (SQLException e) {
            opened.stream().filter(slot -> slot.connection != null).forEach(slot -> connector.close(slot.connection));
            throw e;
        }
        this.slots = List.copyOf(opened);
        this.readyPool = new ArrayList<>(opened);
    }

    @Override
    public Lease lease(String holder, long timeoutMillis) throws PoolException {
        PooledConnection conn;
        try {
            if (readyPool.isEmpty()) {
                throw new IndexOutOfBoundsException("empty");
            }
            conn = readyPool.get(readyPool.size() - 1); // conn = self.ready_pool[-1]
            racePause.run();                            // the seed answer's sleep(random() * .1)
            readyPool.remove(readyPool.size() - 1);     // self.ready_pool.pop()
        } catch (IndexOutOfBoundsException e) {
            // the list emptied under us: the seed's "no connections available"
            timeouts.incrementAndGet();
            throw new PoolExhaustedException("no connection available (unsafe pool)");
        }
        long n = lastSequence.incrementAndGet(); // the seed's pool has no fleet: its epochs simply follow on
        long token = Lease.token(n >>> Lease.SEQUENCE_BITS, n & Lease.MAX_SEQUENCE, conn.id);
        leases.put(token, conn);
        holders.put(token, holder);
        granted.incrementAndGet();
        LOG.debug("lease {} granted: {} to {} (unsafe)", token, conn, holder);
        return new Lease(conn.id, token, Instant.MAX, settings.leaseTtl());
    }

    @Override
    public Lease renew(String holder, long token) throws PoolException {
        PooledConnection conn = heldBy(holder, token);
        return new Lease(conn.id, token, Instant.MAX, settings.leaseTtl());
    }

    @Override
    public Duration leaseTtl() {
        return settings.leaseTtl();
    }

    @Override
    public boolean release(String holder, long token) throws PoolException {
        PooledConnection conn = heldBy(holder, token);
        leases.remove(token);
        holders.remove(token);
        readyPool.add(conn);
        return true;
    }

    @Override
    public <T> T withConnection(String holder, long token, String action, ConnectionWork<T> work) throws PoolException {
        PooledConnection conn = heldBy(holder, token);
        try {
            return work.apply(conn.connection);
        } catch (SQLException e) {
            throw new SqlFailedException(e.getMessage(), e.getSQLState(), e.getErrorCode());
        }
    }

    private PooledConnection heldBy(String holder, long token) throws LeaseNotHeldException {
        PooledConnection conn = leases.get(token);
        if (conn == null || !holder.equals(holders.get(token))) {
            refused.incrementAndGet();
            throw new LeaseNotHeldException("lease " + token + " is not held by this session");
        }
        return conn;
    }

    @Override
    public void releaseAll(String holder) {
        holders.forEach((token, h) -> {
            if (h.equals(holder)) {
                try {
                    release(holder, token);
                } catch (PoolException ignored) {
                    // released meanwhile by another thread of the same session
                }
            }
        });
    }

    @Override
    public DatabaseInfo databaseInfo() {
        return databaseInfo;
    }

    @Override
    public PoolStats stats() {
        int idle = readyPool.size();
        return new PoolStats(slots.size(), idle, leases.size(), 0, 0,
                granted.get(), timeouts.get(), 0, refused.get(), true, slots.size(), false, false);
    }

    @Override
    public void close() {
        slots.forEach(slot -> connector.close(slot.connection));
        LOG.info("unsafe pool closed: {} connections to {} closed", slots.size(), connector.describe());
    }
}
