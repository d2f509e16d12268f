package io.rmipool.server.pool;

import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.TooManyWaitersException;
import io.rmipool.server.jdbc.JdbcConnector;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The pool: a fixed number of real JDBC connections leased to remote clients. This is where a
 * lease is granted ({@link #lease}), renewed, released and reclaimed on expiry.
 *
 * <h2>Thread safety and algorithm</h2>
 * Thread-safe. Every remote call arrives on its own RMI thread, so this class is used exactly as if
 * many threads in one JVM shared it. All state lives behind one {@link ReentrantLock}; the
 * critical sections are a few field updates (no I/O), which on a 2-core machine costs far less than
 * the RMI round trip around it. JDBC work (resetting a returned connection) happens outside the
 * lock, while the slot is in state {@code RESETTING}, owned by the thread that ended the lease.
 *
 * <p>Idle connections form a stack: a lease takes the most recently returned one (the seed takes
 * {@code ready_pool[-1]} too; a warm connection is also the likeliest to be alive). A caller that
 * finds no idle connection joins a FIFO queue of waiters, each with its own {@link Condition}. A
 * returned connection is <em>handed directly</em> to the first waiter instead of being pushed on
 * the stack, so a newly arriving caller can never overtake a waiter (strict first come, first
 * served), and a waiter that was signalled cannot find the connection gone.
 *
 * <h2>Invariants (checked by the tests on every step)</h2>
 * <ul>
 *   <li>A connection is held by at most one live lease: a slot is {@code LEASED} to exactly one
 *       token, and {@code leasedByToken} maps that token, and only it, to the slot.</li>
 *   <li>{@code idle + leased + resetting + broken == max}, where idle is the stack's size.</li>
 *   <li>Tokens are unique and strictly increasing for the pool's life (fencing tokens): a token that
 *       expired or was released is never honoured again.</li>
 *   <li>The stack is empty whenever a waiter is queued (a free connection goes to a waiter first).</li>
 * </ul>
 *
 * <h2>Timeouts, expiry, interrupts</h2>
 * {@code lease(0)} fails at once when no connection is idle (the seed's behaviour). A positive
 * timeout waits at most that long, the remaining time recomputed after every wake-up. A lease that
 * is not renewed within the TTL is reclaimed by a reaper thread that runs every TTL/4 (at most
 * every 250 ms), so a dead client's connections come back within TTL + 250 ms. A waiting thread that
 * is interrupted leaves the queue, gives back a connection handed to it meanwhile, and throws
 * {@link InterruptedException}.
 */
public final class DatabaseConnectionPool implements ConnectionPool {
    private static final Logger LOG = LogManager.getLogger(DatabaseConnectionPool.class);

    /** How many ended leases are remembered to tell "you already released it" from a stale token. */
    static final int ENDED_LEASES_REMEMBERED = 4096;

    private enum Ending { RELEASED, EXPIRED }

    private record EndedLease(String holder, Ending how) {
    }

    /** A caller blocked in {@link #lease}; a releasing thread hands it a slot and signals it. */
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
    private final ScheduledExecutorService reaper;

    private final ReentrantLock lock = new ReentrantLock();
    // --- guarded by lock ---
    private final ArrayDeque<PooledConnection> idle;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Map<Long, PooledConnection> leasedByToken = new HashMap<>();
    private final Map<Long, EndedLease> endedLeases = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, EndedLease> eldest) {
            return size() > ENDED_LEASES_REMEMBERED;
        }
    };
    private int resetting;
    private long lastToken;
    private long granted;
    private long timeouts;
    private long expired;
    private long refused;
    private boolean closed;
    // --- end guarded by lock ---

    /**
     * Opens {@code settings.maxConnections()} connections and starts the expiry reaper.
     *
     * @throws SQLException when a connection cannot be opened; none is left open then
     */
    public static DatabaseConnectionPool open(JdbcConnector connector, PoolSettings settings) throws SQLException {
        DatabaseConnectionPool pool = new DatabaseConnectionPool(connector, settings,
                PooledConnection.openAll(connector, settings.maxConnections()),
                System::nanoTime, Clock.systemUTC(), settings.racePause(), true);
        LOG.info("pool ready: {} connections to {}, lease TTL {} ms, at most {} waiters",
                settings.maxConnections(), connector.describe(), settings.leaseTtl().toMillis(), settings.maxWaiters());
        return pool;
    }

    /** For tests: a fake ticker, a custom race pause, and the reaper driven by hand. */
    DatabaseConnectionPool(JdbcConnector connector, PoolSettings settings, List<PooledConnection> slots,
                           LongSupplier ticker, Clock clock, Runnable racePause, boolean startReaper) {
        this.settings = settings;
        this.connector = connector;
        this.ticker = ticker;
        this.clock = clock;
        this.racePause = racePause;
        this.ttlNanos = settings.leaseTtl().toNanos();
        this.slots = List.copyOf(slots);
        this.idle = new ArrayDeque<>(slots);
        if (startReaper) {
            long period = Math.max(10, Math.min(250, settings.leaseTtl().toMillis() / 4));
            reaper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lease-reaper");
                t.setDaemon(true);
                return t;
            });
            reaper.scheduleWithFixedDelay(this::reapExpired, period, period, TimeUnit.MILLISECONDS);
        } else {
            reaper = null;
        }
    }

    @Override
    public Lease lease(String holder, long timeoutMillis) throws PoolException, InterruptedException {
        if (timeoutMillis < 0) {
            countRefusal();
            LOG.warn("refused lease for {}: negative timeout {} ms", holder, timeoutMillis);
            throw new InvalidArgumentException("lease timeout must be 0 or more milliseconds, got " + timeoutMillis);
        }
        long deadline = ticker.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lockInterruptibly();
        try {
            if (closed) {
                throw poolClosed();
            }
            if (waiters.isEmpty() && !idle.isEmpty()) {
                return grant(takeLastIdle(), holder);
            }
            if (timeoutMillis == 0) {
                timeouts++;
                throw new PoolExhaustedException("no connection available: all " + slots.size() + " are leased");
            }
            if (waiters.size() >= settings.maxWaiters()) {
                refused++;
                LOG.warn("refused lease for {}: {} callers are already waiting (--max-waiters)", holder, waiters.size());
                throw new TooManyWaitersException("too many callers waiting for a connection (limit "
                        + settings.maxWaiters() + "); try again later");
            }
            return awaitHandOver(holder, deadline, timeoutMillis);
        } finally {
            lock.unlock();
        }
    }

    /** The seed's check-then-act, made safe by the lock: read the last idle slot, (pause), remove it. */
    private PooledConnection takeLastIdle() {
        PooledConnection last = idle.peekLast();
        racePause.run();
        idle.removeLast();
        return last;
    }

    private Lease awaitHandOver(String holder, long deadline, long timeoutMillis)
            throws PoolException, InterruptedException {
        Waiter me = new Waiter(lock.newCondition());
        waiters.addLast(me);
        boolean granted = false;
        try {
            while (me.handedOver == null) {
                if (closed) {
                    throw poolClosed();
                }
                long remaining = deadline - ticker.getAsLong();
                if (remaining <= 0) {
                    timeouts++;
                    throw new PoolExhaustedException("no connection became available within "
                            + timeoutMillis + " ms: all " + slots.size() + " are leased");
                }
                me.signal.awaitNanos(remaining);
            }
            Lease lease = grant(me.handedOver, holder);
            granted = true;
            return lease;
        } finally {
            if (!granted) {
                if (me.handedOver == null) {
                    waiters.remove(me);
                } else {
                    // handed a connection, then interrupted or closed before taking it: pass it on
                    makeAvailable(me.handedOver);
                }
            }
        }
    }

    private Lease grant(PooledConnection slot, String holder) {
        assert lock.isHeldByCurrentThread() && slot.state == PooledConnection.State.IDLE : slot.state;
        slot.state = PooledConnection.State.LEASED;
        slot.holder = holder;
        slot.token = ++lastToken;
        slot.deadlineNanos = ticker.getAsLong() + ttlNanos;
        leasedByToken.put(slot.token, slot);
        granted++;
        LOG.debug("lease {} granted: {} to {}", slot.token, slot, holder);
        return leaseOf(slot);
    }

    private Lease leaseOf(PooledConnection slot) {
        return new Lease(slot.id, slot.token, clock.instant().plus(settings.leaseTtl()), settings.leaseTtl());
    }

    @Override
    public Lease renew(String holder, long token) throws PoolException {
        lock.lock();
        try {
            PooledConnection slot = heldBy(holder, token, "renew");
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
            slot = heldBy(holder, token, "release");
            endLease(slot, Ending.RELEASED);
            LOG.debug("lease {} released: {} by {}", token, slot, holder);
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
                    endLease(slot, Ending.RELEASED);
                    ended.add(slot);
                }
            }
        } finally {
            lock.unlock();
        }
        resetAndReturn(ended);
    }

    /** Reclaims every lease whose deadline has passed. Run by the reaper; tests call it by hand. */
    void reapExpired() {
        List<PooledConnection> reclaimed = new ArrayList<>();
        lock.lock();
        try {
            long now = ticker.getAsLong();
            for (PooledConnection slot : List.copyOf(leasedByToken.values())) {
                if (now - slot.deadlineNanos >= 0) { // yes, >= : the deadline instant is already too late
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
    private PooledConnection heldBy(String holder, long token, String action) throws LeaseNotHeldException {
        PooledConnection slot = leasedByToken.get(token);
        if (slot != null && slot.holder.equals(holder)) {
            return slot;
        }
        refused++;
        String reason;
        EndedLease ended = endedLeases.get(token);
        if (slot != null) {
            reason = "lease " + token + " is held by another client";
        } else if (token <= 0 || token > lastToken) {
            reason = "lease " + token + " was never granted";
        } else if (ended != null && ended.how == Ending.EXPIRED && ended.holder.equals(holder)) {
            reason = "lease " + token + " expired (not renewed within " + settings.leaseTtl().toMillis()
                    + " ms) and its connection was taken back";
        } else if (ended != null && !ended.holder.equals(holder)) {
            reason = "lease " + token + " is not held by this client";
        } else {
            reason = "lease " + token + " is no longer held (released or expired)";
        }
        LOG.warn("refused {} by {}: {}", action, holder, reason);
        throw new LeaseNotHeldException(reason);
    }

    private void endLease(PooledConnection slot, Ending how) {
        leasedByToken.remove(slot.token);
        endedLeases.put(slot.token, new EndedLease(slot.holder, how));
        slot.state = PooledConnection.State.RESETTING;
        slot.holder = null;
        resetting++;
    }

    /** Resets connections whose lease ended (outside the lock: JDBC may be slow), then frees them. */
    private void resetAndReturn(List<PooledConnection> ended) {
        for (PooledConnection slot : ended) {
            boolean clean;
            try {
                connector.reset(slot.connection);
                clean = true;
            } catch (SQLException e) {
                LOG.error("{} could not be reset and leaves the pool: {}", slot, e.getMessage());
                slot.closeQuietly();
                clean = false;
            }
            lock.lock();
            try {
                resetting--;
                if (clean) {
                    slot.state = PooledConnection.State.IDLE;
                    makeAvailable(slot);
                } else {
                    slot.state = PooledConnection.State.BROKEN;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** An IDLE slot goes to the first waiter if there is one, else on top of the idle stack. */
    private void makeAvailable(PooledConnection slot) {
        if (closed) {
            slot.closeQuietly();
            return;
        }
        Waiter first = waiters.pollFirst();
        if (first != null) {
            first.handedOver = slot;
            first.signal.signal();
        } else {
            idle.addLast(slot);
        }
    }

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

    @Override
    public PoolStats stats() {
        lock.lock();
        try {
            return new PoolStats(slots.size(), idle.size(), leasedByToken.size() + resetting, waiters.size(),
                    granted, timeouts, expired, refused);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
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
        } finally {
            lock.unlock();
        }
        if (reaper != null) {
            reaper.shutdownNow();
        }
        // Every connection is closed now, leased ones too: their holders' calls fail from here on.
        slots.forEach(PooledConnection::closeQuietly);
        LOG.info("pool closed: {} connections to {} closed", slots.size(), connector.describe());
    }
}
