package io.rmipool.server.pool;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.TooManyWaitersException;
import io.rmipool.server.jdbc.JdbcConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The pool: a fixed number of real JDBC connections leased to remote clients. This is where a
 * lease is granted ({@link #lease}), used ({@link #withConnection}), renewed, released and
 * reclaimed on expiry, and where broken connections are replaced.
 *
 * <h2>Thread safety and algorithm</h2>
 * Thread-safe. Every remote call arrives on its own RMI thread, so this class is used exactly as if
 * many threads in one JVM shared it. All state lives behind one {@link ReentrantLock}; the critical
 * sections are a few field updates. JDBC work (validating, resetting, opening a connection, running
 * a statement) happens outside the lock, by the one thread that moved the slot into an owned state
 * ({@code CHECKING}, {@code RESETTING}, {@code OPENING}, or a {@code LEASED} slot's active call);
 * see {@link PooledConnection.State}.
 *
 * <p>Idle connections form a stack: a lease takes the most recently returned one (the seed takes
 * {@code ready_pool[-1]} too; a warm connection is also the likeliest to be alive). A caller that
 * finds no idle connection joins a FIFO queue of waiters, each with its own {@link Condition}. A
 * freed connection is <em>handed directly</em> to the first waiter instead of being pushed on the
 * stack, so a newly arriving caller can never overtake a waiter (strict first come, first served),
 * and a waiter that was signalled cannot find the connection gone.
 *
 * <h2>Invariants (checked by the tests on every step)</h2>
 * <ul>
 *   <li>A connection is held by at most one live lease: a slot is {@code LEASED} to exactly one
 *       token, and {@code leasedByToken} maps that token, and only it, to the slot.</li>
 *   <li>Every slot is in exactly one state; while the pool is open, the idle stack holds exactly the
 *       {@code IDLE} slots.</li>
 *   <li>Tokens are unique and strictly increasing for the pool's life (fencing tokens): a token that
 *       expired or was released is never honoured again, and a call with it never touches the
 *       connection.</li>
 *   <li>The stack is empty whenever a waiter is queued (a free connection goes to a waiter first).</li>
 * </ul>
 *
 * <h2>Health</h2>
 * A connection is validated ({@link Connection#isValid}) before a lease when it has not proved alive
 * within the last {@link #ALIVE_BYPASS_NANOS} (HikariCP's rule: a connection just used is not worth a
 * round trip), and after a lease that ran SQL, together with its reset. A connection that fails
 * before a lease is reopened at once by the leasing thread (its caller is waiting anyway); one that
 * fails after a lease is closed and reopened by the maintainer thread, so the releasing client does
 * not wait. When an open fails, the database is taken to be unavailable: the slot is {@code BROKEN}, lease calls fail with
 * {@link DatabaseUnavailableException} (never "exhausted"), and the maintainer thread retries with
 * exponential backoff (100 ms doubling to 10 s) until the database is back. The maintainer also
 * validates connections idle for longer than the keepalive, and replaces connections at their max
 * lifetime (less a random jitter).
 *
 * <h2>Timeouts, expiry, interrupts</h2>
 * {@code lease(0)} fails at once when no connection is idle (the seed's behaviour). A positive
 * timeout waits at most that long, the remaining time recomputed after every wake-up. A lease that
 * is not renewed within the TTL is reclaimed by the maintainer, which runs every TTL/4 (at most
 * every 250 ms), so a dead client's connections come back within TTL + 250 ms; a lease with a call
 * in progress is alive by definition and is not reclaimed under it. A waiting thread that is
 * interrupted leaves the queue, passes on a connection handed to it meanwhile, and throws
 * {@link InterruptedException}.
 */
public final class DatabaseConnectionPool implements ConnectionPool {
    private static final Logger LOG = LogManager.getLogger(DatabaseConnectionPool.class);

    /** How many ended leases are remembered to tell "you already released it" from a stale token. */
    static final int ENDED_LEASES_REMEMBERED = 4096;
    /** A connection that proved alive this recently is leased without another validation. */
    static final long ALIVE_BYPASS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long FIRST_RECONNECT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_RECONNECT_DELAY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A maintainer that finished no round for this long is reported as stalled. */
    static final long MAINTENANCE_STALL_NANOS = TimeUnit.MINUTES.toNanos(5);

    private enum Ending { RELEASED, EXPIRED }

    private record EndedLease(String holder, Ending how) {
    }

    /** A caller blocked in {@link #lease}; a freeing thread hands it a slot and signals it. */
    private static final class Waiter {
        final Condition signal;
        PooledConnection handedOver;

        Waiter(Condition signal) {
            this.signal = signal;
        }
    }

    private final PoolSettings settings;
    private final JdbcConnector connector;
    private final LongSupplier ticker;
    private final Clock clock;
    private final Runnable racePause;
    private final long ttlNanos;
    private final List<PooledConnection> slots;
    private final ScheduledExecutorService maintainer;
    private final ScheduledFuture<?> maintenanceTask;
    /** When the maintainer last finished a round (set at start, so a new pool counts as alive). */
    private volatile long lastMaintenanceNanos;

    private final ReentrantLock lock = new ReentrantLock();
    // --- guarded by lock ---
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Map<Long, PooledConnection> leasedByToken = new HashMap<>();
    private final Map<Long, EndedLease> endedLeases = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, EndedLease> eldest) {
            return size() > ENDED_LEASES_REMEMBERED;
        }
    };
    /** Why the last attempt to open a connection failed; null once one succeeds. */
    private String lastOpenFailure;
    private long nextReconnectNanos;
    private long reconnectDelayNanos = FIRST_RECONNECT_DELAY_NANOS;
    private long lastToken;
    private long granted;
    private long timeouts;
    private long expired;
    private long refused;
    private boolean closed;
    // --- end guarded by lock ---

    /**
     * Opens {@code settings.maxConnections()} connections and starts the maintainer thread.
     *
     * @throws SQLException when a connection cannot be opened (the database must be reachable at
     *     start; outages after that are survived); none is left open then
     */
    public static DatabaseConnectionPool open(JdbcConnector connector, PoolSettings settings) throws SQLException {
        DatabaseConnectionPool pool = new DatabaseConnectionPool(connector, settings, System::nanoTime,
                Clock.systemUTC(), settings.racePause(), true);
        LOG.info("pool ready: {} connections to {}, lease TTL {} ms, at most {} waiters",
                settings.maxConnections(), connector.describe(), settings.leaseTtl().toMillis(), settings.maxWaiters());
        return pool;
    }

    /** For tests: a fake ticker, a custom race pause, and the maintainer driven by hand. */
    DatabaseConnectionPool(JdbcConnector connector, PoolSettings settings, LongSupplier ticker, Clock clock,
                           Runnable racePause, boolean startMaintainer) throws SQLException {
        this.settings = settings;
        this.connector = connector;
        this.ticker = ticker;
        this.clock = clock;
        this.racePause = racePause;
        this.ttlNanos = settings.leaseTtl().toNanos();
        this.nextReconnectNanos = ticker.getAsLong(); // the ticker may be negative: 0 is not "long ago"
        List<PooledConnection> opened = new ArrayList<>(settings.maxConnections());
        try {
            for (int id = 0; id < settings.maxConnections(); id++) {
                PooledConnection slot = new PooledConnection(id);
                opened.add(slot);
                connect(slot);
                slot.state = PooledConnection.State.IDLE;
                idle.addLast(slot);
            }
        } catch (SQLException e) {
            opened.forEach(PooledConnection::closeQuietly);
            throw e;
        }
        this.slots = List.copyOf(opened);
        this.lastMaintenanceNanos = ticker.getAsLong();
        if (startMaintainer) {
            long period = Math.max(10, Math.min(250, settings.leaseTtl().toMillis() / 4));
            maintainer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pool-maintainer");
                t.setDaemon(true);
                return t;
            });
            maintenanceTask = maintainer.scheduleWithFixedDelay(this::maintain, period, period, TimeUnit.MILLISECONDS);
        } else {
            maintainer = null;
            maintenanceTask = null;
        }
    }

    // ------------------------------------------------------------------ leasing

    @Override
    public Lease lease(String holder, long timeoutMillis) throws PoolException, InterruptedException {
        if (timeoutMillis < 0) {
            countRefusal(); // the RMI layer logs refusals, in aggregate
            throw new InvalidArgumentException("lease timeout must be 0 or more milliseconds, got " + timeoutMillis);
        }
        long deadline = ticker.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            PooledConnection slot;
            lock.lockInterruptibly();
            try {
                slot = acquire(holder, deadline, timeoutMillis);
                if (closed) {
                    makeAvailable(slot); // handed over just before close(): it closes the connection
                    throw poolClosed();
                }
                if (ticker.getAsLong() - slot.lastAliveNanos < ALIVE_BYPASS_NANOS) {
                    return grant(slot, holder); // proved alive just now: no round trip, one lock hold
                }
            } finally {
                lock.unlock();
            }
            // CHECKING: this thread owns the slot and validates it outside the lock; a dead connection
            // is reopened, or the database is unavailable.
            if (!connector.isAlive(slot.connection)) {
                LOG.info("{} failed validation before a lease; reopening it", slot);
                if (!replaceConnection(slot)) {
                    throw databaseUnavailable();
                }
                continue; // the reopened slot went back to the pool (maybe to a waiter ahead of us)
            }
            slot.lastAliveNanos = ticker.getAsLong();
            lock.lock();
            try {
                if (closed) {
                    makeAvailable(slot); // closes it
                    throw poolClosed();
                }
                return grant(slot, holder);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Takes an idle slot into CHECKING, waiting for one up to the deadline. Call with the lock held. */
    private PooledConnection acquire(String holder, long deadline, long timeoutMillis)
            throws PoolException, InterruptedException {
        if (closed) {
            throw poolClosed();
        }
        if (waiters.isEmpty() && !idle.isEmpty()) {
            return takeLastIdle();
        }
        if (timeoutMillis == 0) {
            throw noConnection("no connection available: all " + slots.size() + " are leased");
        }
        if (waiters.size() >= settings.maxWaiters()) {
            refused++; // the RMI layer logs refusals, in aggregate
            throw new TooManyWaitersException("too many callers waiting for a connection (limit "
                    + settings.maxWaiters() + "); try again later");
        }
        return awaitHandOver(deadline, timeoutMillis);
    }

    /** The seed's check-then-act, made safe by the lock: read the last idle slot, (pause), remove it. */
    private PooledConnection takeLastIdle() {
        PooledConnection last = idle.peekLast();
        racePause.run();
        idle.removeLast();
        last.state = PooledConnection.State.CHECKING;
        return last;
    }

    private PooledConnection awaitHandOver(long deadline, long timeoutMillis) throws PoolException, InterruptedException {
        Waiter me = new Waiter(lock.newCondition());
        waiters.addLast(me);
        boolean taken = false;
        try {
            while (me.handedOver == null) {
                if (closed) {
                    throw poolClosed();
                }
                if (lastOpenFailure != null && nothingInFlight()) {
                    // the database is down and no connection can come back: say so now, not at the timeout
                    throw noConnection(null);
                }
                long remaining = deadline - ticker.getAsLong();
                if (remaining <= 0) {
                    throw noConnection("no connection became available within " + timeoutMillis
                            + " ms: all " + slots.size() + " are leased");
                }
                me.signal.awaitNanos(remaining);
            }
            taken = true;
            return me.handedOver;
        } finally {
            if (!taken) {
                if (me.handedOver == null) {
                    waiters.remove(me);
                } else {
                    // handed a connection, then interrupted or closed before taking it: pass it on
                    makeAvailable(me.handedOver);
                }
            }
        }
    }

    /** Whether no connection is leased or on its way back (so none can be handed to a waiter). */
    private boolean nothingInFlight() {
        for (PooledConnection slot : slots) {
            switch (slot.state) {
                case LEASED:
                case CHECKING:
                case RESETTING:
                case OPENING:
                    return false;
                default:
                    break;
            }
        }
        return true;
    }

    /** No connection for this caller: because the database is down, or because all are leased. */
    private PoolException noConnection(String exhausted) {
        timeouts++;
        return lastOpenFailure != null ? databaseUnavailable() : new PoolExhaustedException(exhausted);
    }

    private Lease grant(PooledConnection slot, String holder) {
        assert lock.isHeldByCurrentThread() && slot.state == PooledConnection.State.CHECKING : slot.state;
        slot.state = PooledConnection.State.LEASED;
        slot.holder = holder;
        slot.token = ++lastToken;
        slot.deadlineNanos = ticker.getAsLong() + ttlNanos;
        slot.dirty = false;
        leasedByToken.put(slot.token, slot);
        granted++;
        if (LOG.isDebugEnabled()) { // no boxing on the lease path when debug is off
            LOG.debug("lease {} granted: {} to {}", slot.token, slot, holder);
        }
        return leaseOf(slot);
    }

    private Lease leaseOf(PooledConnection slot) {
        return new Lease(slot.id, slot.token, clock.instant().plus(settings.leaseTtl()), settings.leaseTtl());
    }

    // ------------------------------------------------------------------ using a lease

    /**
     * Runs {@code work} on the connection of {@code token}'s lease, fenced: the token must be held by
     * {@code holder} when the call starts, and the lease can neither expire nor be reset while the
     * work runs (a release meanwhile takes effect when it ends). A driver error becomes
     * {@link SqlFailedException}, or {@link DatabaseUnavailableException} when the connection itself
     * failed.
     */
    @Override
    public <T> T withConnection(String holder, long token, String action, ConnectionWork<T> work) throws PoolException {
        PooledConnection slot;
        Connection connection;
        lock.lock();
        try {
            slot = heldBy(holder, token);
            slot.activeCalls++;
            slot.dirty = true;
            slot.deadlineNanos = ticker.getAsLong() + ttlNanos; // a call is a sign of life
            connection = slot.connection;
        } finally {
            lock.unlock();
        }
        boolean answered = false;
        try {
            T result = work.apply(connection);
            answered = true;
            return result;
        } catch (SQLException e) {
            if (isConnectionFailure(e) || !connector.isAlive(connection)) {
                LOG.warn("{} failed during {} for {}: {}", slot, action, holder, e.getMessage());
                throw new DatabaseUnavailableException("database unavailable at " + connector.target()
                        + ": the connection failed (" + e.getMessage() + ")");
            }
            answered = true; // the database answered, with an error
            throw new SqlFailedException(e.getMessage(), e.getSQLState(), e.getErrorCode());
        } finally {
            boolean finishReturn;
            lock.lock();
            try {
                if (answered) {
                    slot.lastAliveNanos = ticker.getAsLong();
                }
                slot.activeCalls--;
                slot.deadlineNanos = ticker.getAsLong() + ttlNanos;
                finishReturn = slot.activeCalls == 0 && slot.endedWhileActive;
                if (finishReturn) {
                    slot.endedWhileActive = false;
                }
            } finally {
                lock.unlock();
            }
            if (finishReturn) {
                resetAndReturn(List.of(slot));
            }
        }
    }

    /** SQLState class 08 is "connection exception"; 57P01..03 are PostgreSQL's server shutdowns. */
    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    // ------------------------------------------------------------------ renew, release, expiry

    @Override
    public Lease renew(String holder, long token) throws PoolException {
        lock.lock();
        try {
            PooledConnection slot = heldBy(holder, token);
            slot.deadlineNanos = ticker.getAsLong() + ttlNanos;
            return leaseOf(slot);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean release(String holder, long token) throws PoolException {
        PooledConnection slot;
        lock.lock();
        try {
            EndedLease ended = endedLeases.get(token);
            if (ended != null && ended.how == Ending.RELEASED && ended.holder.equals(holder)) {
                return false; // the holder releasing twice: harmless, nothing changes
            }
            slot = heldBy(holder, token);
            if (LOG.isDebugEnabled()) {
                LOG.debug("lease {} released: {} by {}", token, slot, holder);
            }
            if (!endLease(slot, Ending.RELEASED)) {
                return true; // a call is still running on it; the call's end returns the connection
            }
            if (!slot.dirty && ticker.getAsLong() - slot.retireAtNanos < 0) {
                makeAvailable(slot); // nothing ran on it: nothing to undo, no round trip, one lock hold
                return true;
            }
        } finally {
            lock.unlock();
        }
        resetAndReturn(List.of(slot));
        return true;
    }

    @Override
    public void releaseAll(String holder) {
        List<PooledConnection> ended = new ArrayList<>();
        lock.lock();
        try {
            for (PooledConnection slot : List.copyOf(leasedByToken.values())) {
                if (slot.holder.equals(holder)) {
                    LOG.info("lease {} released at end of session: {} by {}", slot.token, slot, holder);
                    if (endLease(slot, Ending.RELEASED)) {
                        ended.add(slot);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        resetAndReturn(ended);
    }

    /** Reclaims every lease whose deadline has passed and that has no call in progress. */
    void reapExpired() {
        List<PooledConnection> reclaimed = new ArrayList<>();
        lock.lock();
        try {
            long now = ticker.getAsLong();
            for (PooledConnection slot : List.copyOf(leasedByToken.values())) {
                // yes, >= : the deadline instant is already too late
                if (slot.activeCalls == 0 && now - slot.deadlineNanos >= 0) {
                    LOG.info("lease {} expired: {} taken back from {} (not renewed within {} ms)",
                            slot.token, slot, slot.holder, settings.leaseTtl().toMillis());
                    endLease(slot, Ending.EXPIRED);
                    expired++;
                    reclaimed.add(slot);
                }
            }
        } finally {
            lock.unlock();
        }
        resetAndReturn(reclaimed);
    }

    /** The slot leased to {@code token} if {@code holder} holds it; otherwise refuses with the reason. */
    private PooledConnection heldBy(String holder, long token) throws PoolException {
        if (closed) {
            throw poolClosed();
        }
        PooledConnection slot = leasedByToken.get(token);
        if (slot != null && slot.holder.equals(holder)) {
            return slot;
        }
        refused++;
        // One message for a token of another holder's and one never granted: a caller must not learn
        // which tokens exist. Only the holder's own ended leases get a more precise reason.
        String reason = "lease " + token + " is not held by this session";
        EndedLease ended = endedLeases.get(token);
        if (ended != null && ended.holder.equals(holder)) {
            reason = ended.how == Ending.EXPIRED
                    ? "lease " + token + " expired (not renewed within " + settings.leaseTtl().toMillis()
                            + " ms) and its connection was taken back"
                    : "lease " + token + " is no longer held (released)";
        }
        throw new LeaseNotHeldException(reason);
    }

    /**
     * Ends the lease: its token is dead from here on. Returns whether the caller must reset and
     * return the connection now (false while calls are still running on it: the last one does).
     */
    private boolean endLease(PooledConnection slot, Ending how) {
        leasedByToken.remove(slot.token);
        endedLeases.put(slot.token, new EndedLease(slot.holder, how));
        slot.state = PooledConnection.State.RESETTING;
        slot.holder = null;
        if (slot.activeCalls > 0) {
            slot.endedWhileActive = true;
            return false;
        }
        return true;
    }

    /**
     * Makes RESETTING slots clean again, outside the lock (JDBC may be slow), and frees them. A lease
     * that ran nothing left nothing to undo; otherwise: rollback, restore, validate. A connection that
     * fails, or is past its lifetime, is closed and left to the maintainer to reopen in the background,
     * so the releasing client does not wait for a new connection.
     */
    private void resetAndReturn(List<PooledConnection> ended) {
        for (PooledConnection slot : ended) {
            boolean healthy = true;
            if (slot.dirty) {
                try {
                    connector.reset(slot.connection, slot.defaultIsolation);
                    healthy = connector.isAlive(slot.connection);
                } catch (SQLException e) {
                    healthy = false;
                }
            }
            boolean retire = ticker.getAsLong() - slot.retireAtNanos >= 0;
            if (!healthy || retire) {
                LOG.info("{} {}; replacing it in the background", slot,
                        healthy ? "reached its max lifetime" : "failed its reset or validation after a lease");
                slot.closeQuietly();
            }
            boolean broken = slot.connection == null;
            lock.lock();
            try {
                if (broken) {
                    slot.state = PooledConnection.State.BROKEN;
                } else {
                    makeAvailable(slot);
                }
            } finally {
                lock.unlock();
            }
            if (broken) {
                requestReopen();
            }
        }
    }

    /** Asks the maintainer to reopen BROKEN slots now rather than at its next round. */
    private void requestReopen() {
        if (maintainer == null) {
            return; // tests drive maintain() by hand
        }
        try {
            maintainer.execute(this::reopenBroken);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the pool is closing: nothing to reopen for
        }
    }

    /** A freed slot goes to the first waiter (as CHECKING) if there is one, else on top of the idle stack. */
    private void makeAvailable(PooledConnection slot) {
        assert lock.isHeldByCurrentThread();
        if (closed) {
            slot.closeQuietly();
            slot.state = PooledConnection.State.BROKEN;
            return;
        }
        Waiter first = waiters.pollFirst();
        if (first != null) {
            slot.state = PooledConnection.State.CHECKING;
            first.handedOver = slot;
            first.signal.signal();
        } else {
            slot.state = PooledConnection.State.IDLE;
            idle.addLast(slot);
        }
    }

    // ------------------------------------------------------------------ connections: open, replace, maintain

    /** Opens a connection for a slot this thread owns. */
    private void connect(PooledConnection slot) throws SQLException {
        Connection c = connector.open();
        slot.connection = c;
        try {
            slot.defaultIsolation = connector.isolation(c);
        } catch (SQLException e) {
            slot.closeQuietly();
            throw e;
        }
        long now = ticker.getAsLong();
        long lifetime = settings.maxLifetime().toNanos();
        long jitter = ThreadLocalRandom.current().nextLong(lifetime * PoolSettings.LIFETIME_JITTER_PERCENT / 100 + 1);
        slot.retireAtNanos = now + lifetime - jitter;
        slot.lastAliveNanos = now;
    }

    /**
     * Closes the connection of a slot this thread owns and opens a new one. On success the slot is
     * freed (to a waiter or the idle stack); on failure it is BROKEN, the database is marked
     * unavailable and the maintainer retries with backoff.
     *
     * @return whether a new connection was opened
     */
    private boolean replaceConnection(PooledConnection slot) {
        lock.lock();
        try {
            slot.state = PooledConnection.State.OPENING;
        } finally {
            lock.unlock();
        }
        slot.closeQuietly();
        String failure = null;
        try {
            connect(slot);
        } catch (SQLException e) {
            failure = e.getMessage();
        }
        lock.lock();
        try {
            if (failure == null) {
                if (lastOpenFailure != null) {
                    LOG.info("database at {} is reachable again", connector.target());
                }
                lastOpenFailure = null;
                reconnectDelayNanos = FIRST_RECONNECT_DELAY_NANOS;
                makeAvailable(slot);
                return true;
            }
            if (lastOpenFailure == null) {
                LOG.error("database unavailable at {}: {}; retrying with backoff", connector.target(), failure);
                nextReconnectNanos = ticker.getAsLong() + reconnectDelayNanos;
            }
            lastOpenFailure = failure;
            slot.state = PooledConnection.State.BROKEN;
            // Wake the waiters: if no other connection can come back to them, they report
            // "database unavailable" now instead of at their timeout.
            waiters.forEach(w -> w.signal.signal());
            return false;
        } finally {
            lock.unlock();
        }
    }

    private DatabaseUnavailableException databaseUnavailable() {
        String why;
        lock.lock();
        try {
            why = lastOpenFailure;
        } finally {
            lock.unlock();
        }
        return new DatabaseUnavailableException("database unavailable at " + connector.target()
                + (why == null ? "" : ": " + why) + " (the pool keeps retrying)");
    }

    /**
     * The maintainer's round: expire leases, reopen broken slots (with backoff), keep idle ones alive.
     * Nothing may escape it, errors included: a scheduled task that throws is never run again, and then
     * no dead client's lease would ever come back. (An OutOfMemoryError still ends the server where it
     * runs with -XX:+ExitOnOutOfMemoryError, as the images do.)
     */
    void maintain() {
        try {
            reapExpired();
            reopenBroken();
            checkOneIdle();
        } catch (Throwable e) {
            try {
                LOG.error("pool maintenance failed; will retry next round", e);
            } catch (Throwable ignored) {
                // logging itself failed (out of memory): the next round tries again
            }
        } finally {
            lastMaintenanceNanos = ticker.getAsLong();
        }
    }

    /**
     * Whether the maintainer still runs on schedule: its task is alive and finished a round within
     * {@link #MAINTENANCE_STALL_NANOS} (a round may wait on a slow database for a while).
     */
    boolean maintainerAlive() {
        if (maintainer == null) {
            return true; // tests drive maintain() by hand
        }
        return !maintenanceTask.isDone() && ticker.getAsLong() - lastMaintenanceNanos < MAINTENANCE_STALL_NANOS;
    }

    private void reopenBroken() {
        List<PooledConnection> broken = new ArrayList<>();
        lock.lock();
        try {
            if (closed || ticker.getAsLong() - nextReconnectNanos < 0) {
                return;
            }
            for (PooledConnection slot : slots) {
                if (slot.state == PooledConnection.State.BROKEN) {
                    broken.add(slot);
                }
            }
        } finally {
            lock.unlock();
        }
        for (PooledConnection slot : broken) {
            if (!replaceConnection(slot)) {
                lock.lock();
                try {
                    reconnectDelayNanos = Math.min(MAX_RECONNECT_DELAY_NANOS, reconnectDelayNanos * 2);
                    nextReconnectNanos = ticker.getAsLong() + reconnectDelayNanos;
                } finally {
                    lock.unlock();
                }
                return; // the database is still down: do not hammer it with the other slots
            }
        }
    }

    /**
     * Validates (keepalive) or replaces (max lifetime) the idle connection that has waited longest,
     * if it is due. One per round, so maintenance never takes a noticeable share of idle connections.
     */
    private void checkOneIdle() {
        PooledConnection slot;
        boolean retire;
        lock.lock();
        try {
            slot = idle.peekFirst(); // the bottom of the stack: the one idle longest
            if (closed || slot == null) {
                return;
            }
            long now = ticker.getAsLong();
            retire = now - slot.retireAtNanos >= 0;
            if (!retire && now - slot.lastAliveNanos < settings.keepalive().toNanos()) {
                return;
            }
            idle.removeFirst();
            slot.state = PooledConnection.State.CHECKING;
        } finally {
            lock.unlock();
        }
        if (retire) {
            LOG.debug("{} reached its max lifetime; replacing it", slot);
            replaceConnection(slot);
        } else if (connector.isAlive(slot.connection)) {
            slot.lastAliveNanos = ticker.getAsLong();
            lock.lock();
            try {
                makeAvailable(slot);
            } finally {
                lock.unlock();
            }
        } else {
            LOG.info("{} failed its keepalive check; reopening it", slot);
            replaceConnection(slot);
        }
    }

    // ------------------------------------------------------------------ stats, close

    private void countRefusal() {
        lock.lock();
        try {
            refused++;
        } finally {
            lock.unlock();
        }
    }

    private static PoolClosedException poolClosed() {
        return new PoolClosedException("the pool server is shutting down");
    }

    /** {@inheritDoc} Leased counts connections held by a lease or being checked or reset around one. */
    @Override
    public PoolStats stats() {
        lock.lock();
        try {
            int leased = 0;
            for (PooledConnection slot : slots) {
                switch (slot.state) {
                    case LEASED:
                    case CHECKING:
                    case RESETTING:
                        leased++;
                        break;
                    default:
                        break;
                }
            }
            return new PoolStats(slots.size(), idle.size(), leased, waiters.size(), granted, timeouts, expired, refused,
                    maintainerAlive());
        } finally {
            lock.unlock();
        }
    }

    /** For tests: the slots, to reach their connections. */
    List<PooledConnection> slots() {
        return slots;
    }

    @Override
    public void close() {
        List<PooledConnection> toClose = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Waiter w : waiters) {
                w.signal.signal();
            }
            idle.clear();
            // Close what nobody owns: idle connections and leases with no call running. A slot some
            // thread owns (CHECKING, RESETTING, OPENING, or a lease with a call in progress) is closed
            // by that thread when it hands the slot on, since makeAvailable closes once closed is set.
            for (PooledConnection slot : slots) {
                boolean leasedIdle = slot.state == PooledConnection.State.LEASED && slot.activeCalls == 0;
                if (slot.state == PooledConnection.State.IDLE || leasedIdle) {
                    leasedByToken.remove(slot.token);
                    slot.state = PooledConnection.State.BROKEN;
                    toClose.add(slot);
                } else if (slot.state == PooledConnection.State.LEASED) {
                    leasedByToken.remove(slot.token);
                    slot.state = PooledConnection.State.RESETTING;
                    slot.endedWhileActive = true; // the last call's end closes it
                }
            }
        } finally {
            lock.unlock();
        }
        if (maintainer != null) {
            maintainer.shutdownNow();
        }
        toClose.forEach(PooledConnection::closeQuietly);
        LOG.info("pool closed: connections to {} closed", connector.describe());
    }
}
