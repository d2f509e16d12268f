package io.rmipool.server.pool;

import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.FleetStats;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.NotSupportedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.SqlFailedException;
import io.rmipool.server.jdbc.JdbcConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The pool: a fixed number of real JDBC connections leased to remote clients. {@link #lease} is where
 * a lease is granted; {@link #withConnection} runs work on a leased connection; leases are renewed,
 * released, and taken back on expiry; broken connections are replaced.
 *
 * <h2>Parts</h2>
 * This class orchestrates; each job has its own part:
 * <ul>
 *   <li>{@link PoolLedger}: every piece of state, behind one lock (idle stack, FIFO waiters and
 *       hand-off, lease table, backoff, counters) and the invariants. It never calls the driver and
 *       never logs.</li>
 *   <li>{@link JdbcConnector}: the one class that talks to the driver (open with a login timeout,
 *       validate, reset, close). No driver call here is ever made under the ledger's lock.</li>
 *   <li>{@link PoolMaintainer}: schedules the maintenance round, which hands every blocking step to a
 *       small pool of workers, so that expiry is on time even while a reset hangs.</li>
 *   <li>{@link SlotState}: each connection's state machine; {@link ReconnectBackoff}: when to retry a
 *       database that is down.</li>
 * </ul>
 * Logging happens here, after the ledger has answered.
 *
 * <h2>Thread safety</h2>
 * Thread-safe. Every remote call arrives on its own RMI thread, so this class is used exactly as if
 * many threads in one JVM shared it. JDBC work (validating, resetting, opening a connection, running a
 * statement) happens outside the lock, by the one thread that owns the slot in that state (see
 * {@link SlotState}); the calls of one lease are serialized in arrival order
 * ({@link PooledConnection#callLock}).
 *
 * <h2>Health</h2>
 * A connection is validated ({@link Connection#isValid}) before a lease when it has not proved alive
 * within the last {@link PoolLedger#ALIVE_BYPASS_NANOS} (HikariCP's rule: a connection just used is not
 * worth a round trip), and after a lease that ran SQL, together with its reset. A connection that
 * fails before a lease is reopened at once by the leasing thread, which is then granted it; one that
 * fails after a lease is closed and reopened by the maintainer, so the releasing client does not wait.
 * When an open fails, the database is taken to be unavailable: lease calls fail with
 * {@link DatabaseUnavailableException} (never "exhausted"), and the maintainer retries with
 * {@link ReconnectBackoff} until the database is back. The maintainer also validates connections idle
 * for longer than the keepalive, and replaces connections at their max lifetime (less a random jitter).
 *
 * <h2>Expiry</h2>
 * A lease that is not renewed within the TTL is taken back by the maintainer, whose round runs every
 * TTL/4 (at most every 250 ms), so a dead client's connections come back within TTL + 250 ms plus
 * the reset; a lease with a call in progress (or queued) is alive by definition and is not taken back
 * under it.
 */
public final class DatabaseConnectionPool implements ConnectionPool, AdministeredPool {
    private static final Logger LOG = LogManager.getLogger(DatabaseConnectionPool.class);
    /** The most workers for blocking maintenance: resets of expired leases, keepalive checks, reopens. */
    static final int MAX_WORKERS = 4;

    private final PoolSettings settings;
    private final JdbcConnector connector;
    private final LongSupplier ticker;
    private final PoolLedger ledger;
    /** Where blocking maintenance runs: the workers, or the calling thread in tests driven by hand. */
    private final Executor background;
    private final ExecutorService workers;
    private final PoolMaintainer maintainer;
    /** Told how long each lease was held when it ends. */
    private final LongConsumer usage;
    /** Where a place is reserved before a new slot's connection opens, and given back when it closes for good. */
    private final ConnectionBudget budget;
    /** Whether a worker is sizing the pool to demand now (one at a time). */
    private final AtomicBoolean sizing = new AtomicBoolean();
    /** Whether a worker is fetching the spare token epoch now (one at a time). */
    private final AtomicBoolean fetchingEpoch = new AtomicBoolean();
    private final DatabaseInfo databaseInfo;

    /**
     * Opens {@code settings.maxConnections()} connections and starts the maintainer and its workers.
     *
     * @throws SQLException when a connection cannot be opened (the database must be reachable at
     *     start; outages after that are survived); none is left open then
     */
    public static DatabaseConnectionPool open(JdbcConnector connector, PoolSettings settings) throws SQLException {
        return open(connector, settings, held -> { });
    }

    /**
     * The same, telling {@code usage} how long each lease was held (nanoseconds) when it ends: released,
     * expired, or released with its session. Called outside the ledger's lock, on the thread that ended
     * the lease; must be quick and thread-safe (a meter).
     */
    public static DatabaseConnectionPool open(JdbcConnector connector, PoolSettings settings, LongConsumer usage)
            throws SQLException {
        return open(connector, settings, usage, ConnectionBudget.UNLIMITED);
    }

    /**
     * The same, within a budget shared with other servers (the fleet's global cap): the pool opens one
     * connection (and fails when the budget has no place for it), then
     * follows demand: it grows while callers wait and the budget has room, and gives back a connection idle
     * for longer than the budget's {@link ConnectionBudget#idleRelease()}.
     *
     * @throws SQLException also when not one place could be reserved (the whole cap is in use elsewhere)
     */
    public static DatabaseConnectionPool open(JdbcConnector connector, PoolSettings settings, LongConsumer usage,
                                              ConnectionBudget budget) throws SQLException {
        AtomicInteger number = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(MAX_WORKERS, settings.maxConnections()), r -> {
            Thread t = new Thread(r, "pool-worker-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        DatabaseConnectionPool pool;
        try {
            pool = new DatabaseConnectionPool(connector, settings, System::nanoTime, Clock.systemUTC(),
                    settings.racePause(), workers, true, usage, budget);
            pool.closeWhenPlacesAreLost();
        } catch (SQLException | RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
        LOG.info("pool ready: {} connections to {}, lease TTL {} ms, at most {} waiters",
                pool.stats().max(), connector.describe(), settings.leaseTtl().toMillis(), settings.maxWaiters());
        return pool;
    }

    /** For tests: a fake ticker, a custom race pause, background work on the calling thread, no maintainer. */
    DatabaseConnectionPool(JdbcConnector connector, PoolSettings settings, LongSupplier ticker, Clock clock,
                           Runnable racePause) throws SQLException {
        this(connector, settings, ticker, clock, racePause, Runnable::run, false, held -> { }, ConnectionBudget.UNLIMITED);
    }

    /**
     * @param background where blocking maintenance runs; shut down by {@link #close()} when it is an
     *     ExecutorService
     * @param startMaintainer false for tests, which run {@link #maintain()} by hand
     * @param usage told how long each lease was held when it ends
     * @param budget where places for connections are reserved before they open
     */
    DatabaseConnectionPool(JdbcConnector connector, PoolSettings settings, LongSupplier ticker, Clock clock,
                           Runnable racePause, Executor background, boolean startMaintainer, LongConsumer usage,
                           ConnectionBudget budget) throws SQLException {
        this.settings = settings;
        this.usage = usage;
        this.budget = budget;
        this.connector = connector;
        this.ticker = ticker;
        this.background = background;
        this.workers = background instanceof ExecutorService ? (ExecutorService) background : null;
        List<PooledConnection> opened = new ArrayList<>(settings.maxConnections());
        try {
            // within a shared budget, start with one connection and grow to demand; alone, open them all
            int initial = budget == ConnectionBudget.UNLIMITED ? settings.maxConnections() : 1;
            for (int id = 0; id < initial && budget.tryReserve(); id++) {
                PooledConnection slot = new PooledConnection(id);
                opened.add(slot);
                connect(slot);
            }
            if (opened.isEmpty()) {
                throw new SQLException("no connection may be opened: the fleet's global cap is in use by other servers",
                        "08004");
            }
            this.databaseInfo = describe(connector, opened.get(0).connection);
        } catch (SQLException e) {
            closeAll(opened, budget);
            throw e;
        }
        long firstEpoch;
        try {
            firstEpoch = budget.nextTokenEpoch(-1);
        } catch (IllegalStateException e) {
            closeAll(opened, budget);
            throw new SQLException("no epoch for lease tokens: " + e.getMessage(), "08004", e);
        }
        this.ledger = new PoolLedger(opened, settings, ticker, clock, racePause, connector.target(), firstEpoch);
        this.maintainer = startMaintainer
                ? new PoolMaintainer(this::maintain, Math.max(10, Math.min(250, settings.leaseTtl().toMillis() / 4)), ticker)
                : null;
    }

    // ------------------------------------------------------------------ leasing

    @Override
    public Lease lease(String holder, long timeoutMillis) throws PoolException, InterruptedException {
        if (timeoutMillis < 0) {
            ledger.countRefusal(); // the RMI layer logs refusals, in aggregate
            throw new InvalidArgumentException("lease timeout must be 0 or more milliseconds, got " + timeoutMillis);
        }
        PoolLedger.Acquired acquired = ledger.acquire(holder, timeoutMillis);
        Lease lease = acquired.lease();
        if (lease == null) {
            lease = validateAndGrant(acquired.toValidate(), holder);
        }
        if (LOG.isDebugEnabled()) { // no boxing on the lease path when debug is off
            LOG.debug("lease {} granted: connection(id={}) to {}", lease.token(), lease.connectionId(), holder);
        }
        return lease;
    }

    /**
     * The slot this thread holds (CHECKING) had not proved alive lately: validate it, reopen it if it is
     * dead, and grant it to this caller, who came first.
     */
    private Lease validateAndGrant(PooledConnection slot, String holder) throws PoolException {
        if (!connector.isAlive(slot.connection)) {
            LOG.info("{} failed validation before a lease; reopening it", slot);
            String failure = reconnect(slot);
            if (failure != null) {
                boolean first = ledger.openFailed(slot, failure, false);
                releaseIfRetired(slot);
                if (first) {
                    LOG.error("database unavailable at {}: {}; retrying with backoff", connector.target(), failure);
                }
                wakeMaintainer();
                throw ledger.databaseUnavailable();
            }
            if (ledger.reopenedForLease(slot)) {
                LOG.info("database at {} is reachable again", connector.target());
            }
        }
        Lease lease = ledger.grantValidated(slot, holder);
        if (lease == null) {
            closeConnection(slot);
            throw PoolLedger.poolClosed();
        }
        return lease;
    }

    // ------------------------------------------------------------------ using a lease

    /**
     * Runs {@code work} on the connection of {@code token}'s lease, fenced: the token must be held by
     * {@code holder} when the call is admitted, and the lease can neither expire nor be reset while the
     * work runs or waits (a release meanwhile takes effect when it ends). The calls of one lease run one
     * at a time, in arrival order; a call that waited behind another runs only if the lease is still
     * held then. A driver error becomes {@link SqlFailedException}, or {@link DatabaseUnavailableException}
     * when the connection itself failed.
     */
    @Override
    public <T> T withConnection(String holder, long token, String action, ConnectionWork<T> work) throws PoolException {
        PooledConnection slot = ledger.beginCall(holder, token);
        boolean answered = false;
        slot.callLock.lock(); // fair: queued calls of this lease run in arrival order
        try {
            if (!ledger.stillHeld(slot, token)) {
                throw new LeaseNotHeldException("lease " + token + " ended before this call could run");
            }
            Connection connection = slot.connection;
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
            }
        } finally {
            slot.callLock.unlock();
            if (ledger.endCall(slot, answered)) {
                resetAndReturn(slot);
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
        return ledger.renew(holder, token);
    }

    @Override
    public Duration leaseTtl() {
        return settings.leaseTtl();
    }

    @Override
    public boolean release(String holder, long token) throws PoolException {
        PoolLedger.Released released = ledger.release(holder, token);
        if (released.how() != PoolLedger.Release.ALREADY_RELEASED) {
            usage.accept(released.heldNanos());
        }
        if (LOG.isDebugEnabled() && released.how() != PoolLedger.Release.ALREADY_RELEASED) {
            LOG.debug("lease {} released: {} by {}", token, released.slot(), holder);
        }
        switch (released.how()) {
            case ALREADY_RELEASED:
                return false;
            case NEEDS_RESET:
                resetAndReturn(released.slot()); // on the releasing thread: its caller waits for a clean return
                return true;
            case CLOSE_CONNECTION:
                closeConnection(released.slot());
                return true;
            case REOPEN:
                inBackground(released.slot(), () -> reopenInBackground(released.slot()));
                return true;
            default:
                return true;
        }
    }

    @Override
    public void releaseAll(String holder) {
        for (PoolLedger.Ended ended : ledger.releaseAll(holder)) {
            usage.accept(ended.heldNanos());
            PooledConnection slot = ended.toReset();
            if (slot != null) {
                LOG.info("lease {} released at end of session: {} by {}", slot.token, slot, holder);
                resetAndReturn(slot);
            }
        }
    }

    /** Takes back every lease past its deadline; their connections are reset by the workers. */
    void reapExpired() {
        for (PoolLedger.Expired e : ledger.expireDue()) {
            usage.accept(e.heldNanos());
            LOG.info("lease {} expired: connection(id={}) taken back from {} (not renewed within {} ms)",
                    e.token(), e.connectionId(), e.holder(), settings.leaseTtl().toMillis());
            if (e.toReset() != null) {
                inBackground(e.toReset(), () -> resetAndReturn(e.toReset()));
            }
        }
    }

    /**
     * Makes a RESETTING slot clean again, outside the lock (JDBC may be slow), and frees it. A lease that
     * ran nothing left nothing to undo; otherwise: rollback, restore, validate. A connection that fails,
     * or is past its lifetime, is closed and left to the maintainer to reopen in the background, so the
     * releasing client does not wait for a new connection.
     */
    private void resetAndReturn(PooledConnection slot) {
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
            closeConnection(slot);
            ledger.broke(slot);
            releaseIfRetired(slot); // a shrink retired it instead: its connection is closed already
            wakeMaintainer();
        } else {
            afterReturn(slot, ledger.returned(slot));
        }
    }

    /** Closes or replaces the connection of a slot the ledger would not take back as it is. */
    private void afterReturn(PooledConnection slot, PoolLedger.Freed freed) {
        if (freed == PoolLedger.Freed.CLOSE) {
            closeConnection(slot); // the pool closed or shrank meanwhile
        } else if (freed == PoolLedger.Freed.REOPEN) {
            inBackground(slot, () -> reopenInBackground(slot)); // evicted meanwhile
        }
    }

    // ------------------------------------------------------------------ maintenance

    /**
     * The maintainer's round: take back expired leases, start reopening broken connections (with
     * backoff), and check one idle connection that is due (keepalive) or replace it (max lifetime). The
     * round itself only does bookkeeping; every blocking step runs in the background.
     */
    void maintain() {
        reapExpired();
        if (budget != ConnectionBudget.UNLIMITED && sizing.compareAndSet(false, true)) {
            // a reservation is a round trip to the fleet's coordinator: on a worker, never on the maintainer
            background.execute(() -> {
                try {
                    followDemand();
                } finally {
                    sizing.set(false);
                }
            });
        }
        if (ledger.wantsSpareEpoch() && fetchingEpoch.compareAndSet(false, true)) {
            background.execute(this::fetchSpareEpoch); // in a fleet, a round trip to ZooKeeper
        }
        if (ledger.startReopening()) {
            background.execute(this::reopenBroken);
        }
        PoolLedger.Due due = ledger.takeIdleForMaintenance();
        if (due != null) {
            inBackground(due.slot(), () -> keepAliveOrRetire(due));
        }
    }

    /** Closes the connections opened at start, and gives their places back, when the pool cannot open after all. */
    private void closeAll(List<PooledConnection> opened, ConnectionBudget budget) {
        opened.forEach(this::closeConnection);
        opened.forEach(slot -> budget.release());
    }

    /** Fetches the epoch the pool's tokens move to when the current one runs out; tried again next round if it fails. */
    private void fetchSpareEpoch() {
        try {
            long next = budget.nextTokenEpoch(ledger.lastEpoch());
            ledger.adoptSpareEpoch(next);
            LOG.info("lease tokens will go on in epoch {} when the current one runs out", next);
        } catch (RuntimeException e) {
            LOG.warn("no spare epoch for lease tokens yet: {}", e.getMessage());
        } finally {
            fetchingEpoch.set(false);
        }
    }

    /**
     * Within a shared budget, the pool's size follows demand: it grows while callers wait and places are
     * free (up to {@code --max-connections}), and gives a place back when a connection has been idle for
     * the budget's {@link ConnectionBudget#idleRelease()} and nobody waits. Paused, draining or closed, it does neither.
     */
    private void followDemand() {
        PoolLedger.Demand d = ledger.demand();
        if (d.stopped()) {
            return;
        }
        int wanted = Math.min(d.waiting(), settings.maxConnections() - d.target());
        int reserved = 0;
        while (reserved < wanted && budget.tryReserve()) {
            reserved++;
        }
        try {
            if (reserved > 0) {
                int opened = 0;
                try {
                    PoolLedger.Resizing r = applyResize(d.target() + reserved);
                    opened = r.toOpen().size();
                    LOG.debug("grew to {} connections for {} waiting callers", r.to(), d.waiting());
                } finally {
                    // a grow that only cancels retirements still pending, or none at all, opens fewer: give back the rest
                    for (int i = opened; i < reserved; i++) {
                        budget.release();
                    }
                }
            } else if (d.waiting() == 0 && d.target() > 1 && d.idle() > 0
                    && d.longestIdleNanos() >= budget.idleRelease().toNanos()) {
                LOG.debug("giving a place back to the fleet: {} connections now", applyResize(d.target() - 1).to());
            }
        } catch (PoolException e) {
            // the pool began draining or closed meanwhile: it neither grows nor shrinks any more
        }
    }

    /** From here on, a loss of the budget's places closes every connection (on a worker, not the budget's thread). */
    void closeWhenPlacesAreLost() {
        budget.whenLost(() -> {
            try {
                background.execute(this::placesLost);
            } catch (RejectedExecutionException e) {
                // the pool is closed already: so are its connections
            }
        });
    }

    /**
     * The fleet's places of this pool are gone (its ZooKeeper session was lost), and other servers may take
     * them: every connection is closed, idle ones at once, leased ones after their leases are taken back
     * (their tokens are refused from here on) and reset, and those with a call running when it ends. The
     * pool grows again, to demand, once places can be reserved.
     */
    private void placesLost() {
        List<PoolLedger.Expired> taken = ledger.takeBackAll();
        try {
            PoolLedger.Resizing r = applyResize(0); // idle ones now; the rest as they are freed below
            LOG.error("this server's places in the fleet's cap were lost: {} idle connections closed, {} leases taken "
                    + "back; it grows again once ZooKeeper is back", r.toClose().size(), taken.size());
        } catch (PoolException e) {
            return; // the pool closed meanwhile: its close closes everything
        }
        for (PoolLedger.Expired e : taken) {
            usage.accept(e.heldNanos());
            if (e.toReset() != null) {
                inBackground(e.toReset(), () -> resetAndReturn(e.toReset()));
            }
        }
    }

    /** Reopens BROKEN slots one at a time; stops at the first failure (the database is still down). */
    private void reopenBroken() {
        try {
            for (PooledConnection slot = ledger.nextToReopen(); slot != null; slot = ledger.nextToReopen()) {
                if (!reopenInBackground(slot)) {
                    return;
                }
            }
        } finally {
            ledger.endReopening();
        }
    }

    private void keepAliveOrRetire(PoolLedger.Due due) {
        PooledConnection slot = due.slot();
        if (due.retire()) {
            LOG.debug("{} reached its max lifetime; replacing it", slot);
            reopenInBackground(slot);
        } else if (connector.isAlive(slot.connection)) {
            afterReturn(slot, ledger.returned(slot));
        } else {
            LOG.info("{} failed its keepalive check; reopening it", slot);
            ledger.validationFailed(slot);
            reopenInBackground(slot);
        }
    }

    /**
     * Replaces the connection of an OPENING slot the maintainer owns.
     *
     * @return whether a new connection was opened
     */
    private boolean reopenInBackground(PooledConnection slot) {
        String failure = reconnect(slot);
        if (failure != null) {
            boolean first = ledger.openFailed(slot, failure, true);
            releaseIfRetired(slot);
            if (first) {
                LOG.error("database unavailable at {}: {}; retrying with backoff", connector.target(), failure);
            }
            return false;
        }
        PoolLedger.Opened opened = ledger.opened(slot);
        if (opened.databaseWasDown()) {
            LOG.info("database at {} is reachable again", connector.target());
        }
        if (opened.closeIt()) {
            closeConnection(slot);
        }
        return true;
    }

    /**
     * Runs blocking work on a slot in the background. Nothing may escape it, errors included: the slot
     * would stay owned by nobody. On a failure its connection is closed and it goes BROKEN, for the
     * maintainer to reopen.
     */
    private void inBackground(PooledConnection slot, Runnable work) {
        background.execute(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                LOG.error("maintenance of {} failed; replacing its connection", slot, e);
                closeConnection(slot);
                ledger.broke(slot);
                releaseIfRetired(slot);
            }
        });
    }

    private void wakeMaintainer() {
        if (maintainer != null) {
            maintainer.wake();
        }
    }

    // ------------------------------------------------------------------ administration

    @Override
    public void pause() throws PoolException {
        ledger.pause();
        LOG.info("pool paused by an admin: new leases wait until it is resumed");
    }

    @Override
    public void resume() throws PoolException {
        ledger.resume();
        LOG.info("pool resumed by an admin");
    }

    @Override
    public Resized resize(int connections) throws PoolException {
        if (connections < 1 || connections > PoolSettings.MAX_CONNECTIONS_LIMIT) {
            ledger.countRefusal();
            throw new InvalidArgumentException("a pool has 1 to " + PoolSettings.MAX_CONNECTIONS_LIMIT
                    + " connections, got " + connections);
        }
        if (budget != ConnectionBudget.UNLIMITED) {
            throw new NotSupportedException("within a fleet's global cap the pool sizes itself to demand; change "
                    + "--max-connections or the cap instead");
        }
        PoolLedger.Resizing r = applyResize(connections);
        LOG.info("pool resized by an admin from {} to {} connections: {} closed now, {} opening, {} retire when their leases end",
                r.from(), r.to(), r.toClose().size(), r.toOpen().size(), r.retireLater());
        return new Resized(r.from(), r.to(), r.toClose().size(), r.toOpen().size(), r.retireLater());
    }

    /** Resizes the ledger, closes the slots it retired at once, and opens the new ones in the background. */
    private PoolLedger.Resizing applyResize(int connections) throws PoolException {
        PoolLedger.Resizing r = ledger.resize(connections);
        r.toClose().forEach(this::closeConnection);
        // each new slot is OPENING, owned here: opened in the background like any reopen, failures retried with backoff
        r.toOpen().forEach(slot -> inBackground(slot, () -> reopenInBackground(slot)));
        return r;
    }

    @Override
    public Evicted evict() throws PoolException {
        PoolLedger.Evicting e = ledger.evict();
        e.toReopen().forEach(slot -> inBackground(slot, () -> reopenInBackground(slot)));
        LOG.info("connections evicted by an admin: {} idle ones reopening now, {} replaced when they come back",
                e.toReopen().size(), e.replaceLater());
        return new Evicted(e.toReopen().size(), e.replaceLater());
    }

    @Override
    public int drain(Duration timeout) throws PoolException, InterruptedException {
        if (timeout.isNegative()) {
            ledger.countRefusal();
            throw new InvalidArgumentException("a drain timeout must be 0 or more, got " + timeout.toMillis() + " ms");
        }
        ledger.startDrain();
        LOG.info("pool draining: no more leases; waiting up to {} ms for the held ones to come back", timeout.toMillis());
        int outstanding = ledger.awaitDrained(timeout.toNanos());
        if (outstanding == 0) {
            LOG.info("pool drained: every lease came back");
        } else {
            LOG.warn("drain timed out after {} ms with {} leases still held; they end when the server stops",
                    timeout.toMillis(), outstanding);
        }
        return outstanding;
    }

    // ------------------------------------------------------------------ connections: open, close

    /** Opens a connection for a slot this thread owns (or is building). */
    private void connect(PooledConnection slot) throws SQLException {
        Connection c = connector.open();
        try {
            slot.defaultIsolation = connector.isolation(c);
        } catch (SQLException e) {
            connector.close(c);
            throw e;
        }
        slot.connection = c;
        long now = ticker.getAsLong();
        long lifetime = settings.maxLifetime().toNanos();
        long jitter = ThreadLocalRandom.current().nextLong(lifetime * PoolSettings.LIFETIME_JITTER_PERCENT / 100 + 1);
        slot.retireAtNanos = now + lifetime - jitter;
        slot.lastAliveNanos = now;
    }

    /**
     * Closes the connection of a slot this thread owns and opens a new one.
     *
     * @return null on success, else why the open failed
     */
    private String reconnect(PooledConnection slot) {
        closeConnection(slot);
        try {
            connect(slot);
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private void closeConnection(PooledConnection slot) {
        Connection c = slot.connection;
        slot.connection = null;
        if (c != null) {
            connector.close(c);
        }
        releaseIfRetired(slot);
    }

    /**
     * A retired slot's connection is closed now: its place in the budget goes back. Called by the thread
     * that the ledger told to close it (RETIRED is final, and was set on this thread under the lock).
     */
    private void releaseIfRetired(PooledConnection slot) {
        if (slot.state == SlotState.RETIRED) {
            budget.release();
        }
    }

    // ------------------------------------------------------------------ stats, close

    /** {@inheritDoc} Leased counts connections held by a lease or being checked or reset around one. */
    @Override
    public PoolStats stats() {
        PoolStats own = ledger.stats(maintainer == null || maintainer.isAlive());
        FleetStats fleet = budget.fleetStats(); // read from a local copy of ZooKeeper's, never a round trip
        return fleet == null ? own : own.withFleet(fleet);
    }

    @Override
    public DatabaseInfo databaseInfo() {
        return databaseInfo;
    }

    /**
     * What database {@code c} leads to; null when its driver cannot say (leases work all the same, but
     * JDBC clients get no metadata).
     */
    static DatabaseInfo describe(JdbcConnector connector, Connection c) {
        try {
            return connector.describeDatabase(c);
        } catch (SQLException e) {
            LOG.warn("the database's driver does not describe the database ({}): JDBC clients get no metadata",
                    e.getMessage());
            return null;
        }
    }

    /** For tests: the slots, to reach their connections. */
    List<PooledConnection> slots() {
        return ledger.slots();
    }

    /** For tests: the ledger, to check its invariants. */
    PoolLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        List<PooledConnection> toClose = ledger.close();
        if (maintainer != null) {
            maintainer.close();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        toClose.forEach(this::closeConnection);
        LOG.info("pool closed: connections to {} closed", connector.describe());
    }
}
