package io.rmipool.server.pool;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.TooManyWaitersException;
import io.rmipool.server.jdbc.JdbcConnector;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The pool's bookkeeping, all of it behind one lock: the idle stack, the FIFO queue of waiters and the
 * hand-off to them, the lease table (live tokens, and ended leases remembered to tell "you already
 * released it" from a stale token), the database's availability with its {@link ReconnectBackoff},
 * and the counters.
 *
 * <h2>What it does not do</h2>
 * It never calls the driver and never logs. Every method is a few field updates under the lock and
 * returns what happened, so that the caller ({@link DatabaseConnectionPool}) does the slow part
 * (validating, resetting, opening, closing a connection) and the logging after unlocking. A slot in an
 * {@linkplain SlotState#isOwned() owned} state belongs to the thread that moved it there; that thread
 * works on its connection outside the lock and hands the slot on through a method here.
 *
 * <h2>Algorithm</h2>
 * Idle connections form a stack: a lease takes the most recently returned one (the seed takes
 * {@code ready_pool[-1]} too; a warm connection is also the likeliest to be alive). A caller that finds
 * no idle connection joins a FIFO queue of waiters, each with its own {@link Condition}. A freed
 * connection is <em>handed directly</em> to the first waiter instead of being pushed on the stack, so
 * a newly arriving caller can never overtake a waiter (strict first come, first served), and a waiter
 * that was signalled cannot find the connection gone. A leasing thread that finds its connection dead
 * reopens it while it still owns it and is granted it: nobody can take a connection from the caller
 * that reopened it.
 *
 * <h2>Invariants ({@link #checkInvariants()}: with assertions on, as in the tests, after every transition)</h2>
 * <ol>
 *   <li>The idle stack holds exactly the {@code IDLE} slots, each once.</li>
 *   <li>A connection is held by at most one live lease: the lease table maps each live token to a
 *       {@code LEASED} slot carrying that token, and every {@code LEASED} slot is in it.</li>
 *   <li>The stack is empty whenever a waiter is queued, unless the pool {@linkplain #holdsBack() holds
 *       connections back} (paused, or out of tokens: a free connection goes to a waiter first), and a
 *       connection handed to a waiter is {@code CHECKING}.</li>
 *   <li>Tokens are unique and strictly increasing for the pool's life (fencing tokens): no slot's
 *       token exceeds the last one granted, and the sequence never runs past its epoch.</li>
 *   <li>Calls run only on a held lease, or on one that ended under them ({@code RESETTING} with
 *       {@code endedWhileActive}); a count of calls is never negative.</li>
 *   <li>Every slot is counted in exactly one of idle, leased and maintenance, so they add up to max.</li>
 *   <li>Once closed, nothing is idle and no lease is live.</li>
 *   <li>Slot ids are unique among the pool's slots (a token carries its connection's id), and no slot
 *       in the pool is {@code RETIRED}.</li>
 *   <li>An {@code IDLE} or {@code LEASED} slot has a connection.</li>
 * </ol>
 *
 * <h2>Tokens and epochs</h2>
 * A token is {@link Lease#token(long, long, int) epoch, sequence and connection id}. The pool starts with
 * an epoch from its {@link ConnectionBudget} (in a fleet, from ZooKeeper) and counts the sequence up
 * within it. Past half the epoch it {@linkplain #wantsSpareEpoch() asks} for a spare one, which a worker
 * fetches and {@linkplain #adoptSpareEpoch hands in}; the pool moves to the spare epoch when the sequence
 * nears its end. The hazard: a connection handed to a waiter is granted later, outside any check, so a
 * pool without a spare epoch stops handing connections out {@link #IN_FLIGHT_ROOM} sequences before the
 * end, more than it has connections, and every grant already under way still finds a sequence. Callers
 * then wait, as when paused, until the spare epoch arrives: with ZooKeeper reachable at any moment during
 * the epoch's second half (134 million leases) they never do.
 *
 * <h2>Administration</h2>
 * <ul>
 *   <li><b>Pause</b>: new lease calls wait (or fail at their timeout) while held leases go on; freed
 *       connections stay on the stack until {@linkplain #resume() resume} hands them to the waiters in
 *       order.</li>
 *   <li><b>Drain</b>: one way, before the server stops. Lease calls, waiting or new, are refused with
 *       {@link PoolClosedException}; held leases go on until they come back, which
 *       {@link #awaitDrained} waits for.</li>
 *   <li><b>Resize</b>: {@code target} is the number of connections wanted. Growing adds {@code OPENING}
 *       slots for the caller to open. Shrinking retires broken and idle slots at once and the rest as
 *       they come back: a connection is never taken from its holder. While {@code slots} exceeds the
 *       target, a freed slot leaves the pool ({@code RETIRED}) instead of being made available.</li>
 *   <li><b>Evict</b>: bumps the connections' generation. Idle connections are handed to the caller to
 *       reopen now; any other, opened before the bump, is handed (OPENING) to whoever frees it, to
 *       reopen instead of making it available.</li>
 * </ul>
 *
 * <h2>Timeouts and interrupts</h2>
 * {@code lease(0)} fails at once when no connection is idle (the seed's behaviour), unless one is
 * under a keepalive check: that one is back within the validation bound, so the caller waits for it
 * that long at most. A positive timeout waits at most that long, the remaining time recomputed after
 * every wake-up. A waiting thread that is interrupted leaves the queue, passes on a connection handed
 * to it meanwhile, and throws {@link InterruptedException}.
 *
 * <p>Thread-safe: every method takes the lock.
 */
final class PoolLedger {
    /** How many ended leases are remembered to tell "you already released it" from a stale token. */
    static final int ENDED_LEASES_REMEMBERED = 4096;
    /** A connection that proved alive this recently is leased without another validation. */
    static final long ALIVE_BYPASS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /**
     * Sequences kept for grants already under way when the pool runs out of them: more than the most
     * connections a pool can have, each of which can be handed over to at most one waiter.
     */
    static final long IN_FLIGHT_ROOM = 1 << 16;
    /** From this sequence on the pool moves to its spare epoch, or holds connections back without one. */
    static final long LAST_FREE_SEQUENCE = Lease.MAX_SEQUENCE - IN_FLIGHT_ROOM;
    private static final long NO_EPOCH = -1;
    /** How long {@code lease(0)} waits for a connection under a keepalive check: the validation bound, and some. */
    static final long KEEPALIVE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(JdbcConnector.VALIDATION_TIMEOUT_SECONDS + 1);

    private enum Ending { RELEASED, EXPIRED }

    private record EndedLease(String holder, Ending how) {
    }

    /** A caller blocked in {@link #acquire}; a freeing thread hands it a slot and signals it. */
    private static final class Waiter {
        final Condition signal;
        PooledConnection handedOver;

        Waiter(Condition signal) {
            this.signal = signal;
        }
    }

    /** What {@link #acquire} gave: a lease granted at once, or a slot the caller must validate first (CHECKING). */
    record Acquired(Lease lease, PooledConnection toValidate) {
    }

    /** How a release went. */
    enum Release {
        /** The holder had released this token already: nothing changed. */
        ALREADY_RELEASED,
        /** A call still runs on the connection; its end returns it. */
        CALL_RUNNING,
        /** Nothing ran on it: it is idle again (or handed to a waiter) at once. */
        RETURNED,
        /** The slot is RESETTING: the caller resets the connection and hands it back. */
        NEEDS_RESET,
        /** The connection leaves use (the pool closed or shrank): the caller closes it. */
        CLOSE_CONNECTION,
        /** The connection was evicted: the slot is OPENING, the caller's to replace the connection. */
        REOPEN
    }

    /** A release's outcome, the slot it concerns (null when ALREADY_RELEASED), and how long the lease was held (for the metrics). */
    record Released(Release how, PooledConnection slot, long heldNanos) {
    }

    /** A lease ended with its session: how long it was held, and the slot to reset (null while a call still runs on it). */
    record Ended(PooledConnection toReset, long heldNanos) {
    }

    /** A lease the maintainer took back: for the log, and the slot to reset (null while a call still runs on it). */
    record Expired(long token, String holder, int connectionId, PooledConnection toReset, long heldNanos) {
    }

    /** An idle connection due for the maintainer: to be validated (VALIDATING) or replaced (OPENING). */
    record Due(PooledConnection slot, boolean retire) {
    }

    /** How an open by the maintainer ended for the books; {@code closeIt}: the pool closed or shrank meanwhile. */
    record Opened(boolean databaseWasDown, boolean closeIt) {
    }

    /**
     * A resize's outcome: the slots whose connections the caller closes now (retired idle ones), the new
     * slots it opens ({@code OPENING}), and how many more retire as their leases end.
     */
    record Resizing(int from, int to, List<PooledConnection> toClose, List<PooledConnection> toOpen, int retireLater) {
    }

    /** An eviction's outcome: the idle slots the caller reopens now ({@code OPENING}), and how many are replaced when they come back. */
    record Evicting(List<PooledConnection> toReopen, int replaceLater) {
    }

    private final PoolSettings settings;
    private final LongSupplier ticker;
    private final Clock clock;
    private final Runnable racePause;
    private final String databaseTarget;
    private final long ttlNanos;

    private final ReentrantLock lock = new ReentrantLock();
    // --- guarded by lock ---
    /**
     * Every slot of the pool; retired slots leave it. An array replaced on a resize, not a list: the
     * lease path iterates it, and an array's iteration is the fewest memory accesses (which the model check
     * switches threads at).
     */
    private PooledConnection[] slots;
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Map<Long, PooledConnection> leasedByToken = new HashMap<>();
    private final Map<Long, EndedLease> endedLeases = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, EndedLease> eldest) {
            return size() > ENDED_LEASES_REMEMBERED;
        }
    };
    private final ReconnectBackoff backoff = new ReconnectBackoff();
    /** Why the last attempt to open a connection failed; null once one succeeds. */
    private String lastOpenFailure;
    /** Whether a maintainer task is reopening BROKEN slots (one at a time, so a down database is not hammered). */
    private boolean reopening;
    private long lastToken;
    /** The epoch tokens are granted in, and the last sequence granted in it. */
    private long epoch;
    private long sequence;
    /** The next epoch, once fetched; {@link #NO_EPOCH} before. */
    private long spareEpoch = NO_EPOCH;
    /** Every epoch this pool has granted in: to tell a foreign token (another server's, an earlier run's) from a stale one. */
    private final List<Long> ownEpochs = new ArrayList<>();
    private long granted;
    private long timeouts;
    private long expired;
    private long refused;
    private boolean closed;
    /** How many connections the pool should have; {@code slots} exceeds it only while a shrink waits for leases to end. */
    private int target;
    /** Set by an admin: lease calls wait; freed connections stay on the stack. */
    private boolean paused;
    /** Set by an admin before the server stops: lease calls are refused; {@link #awaitDrained} waits for the held ones. */
    private boolean draining;
    /** Signalled at every unlock while draining, for {@link #awaitDrained} to look again. */
    private final Condition drainProgress = lock.newCondition();
    /** More than the highest slot id ever used: how large the invariant check's arrays by id must be. */
    private int idBound;
    /** Bumped by {@link #evict}; a slot opened under an older generation is replaced when it comes back. */
    private int generation;
    // --- end guarded by lock ---

    /**
     * @param opened every slot, each with an open connection
     * @param firstEpoch the epoch of the first tokens
     */
    PoolLedger(List<PooledConnection> opened, PoolSettings settings, LongSupplier ticker, Clock clock,
               Runnable racePause, String databaseTarget, long firstEpoch) {
        if (firstEpoch < 0 || firstEpoch > Lease.MAX_EPOCH) {
            throw new IllegalArgumentException("epoch " + firstEpoch + " is beyond what a token carries (0.." + Lease.MAX_EPOCH + ")");
        }
        this.epoch = firstEpoch;
        this.ownEpochs.add(firstEpoch);
        this.slots = opened.toArray(new PooledConnection[0]);
        this.target = opened.size();
        this.idBound = opened.size();
        this.settings = settings;
        this.ticker = ticker;
        this.clock = clock;
        this.racePause = racePause;
        this.databaseTarget = databaseTarget;
        this.ttlNanos = settings.leaseTtl().toNanos();
        for (PooledConnection slot : slots) {
            slot.state = SlotState.IDLE;
            idle.addLast(slot);
        }
    }

    /** For tests: a copy of the slots. */
    List<PooledConnection> slots() {
        lock.lock();
        try {
            return List.of(slots);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ leasing

    /**
     * Takes an idle connection, or waits for one up to {@code timeoutMillis}. One that proved alive just
     * now is granted at once (one lock hold, no round trip); any other comes back CHECKING, for the
     * caller to validate and then {@link #grantValidated grant}.
     */
    Acquired acquire(String holder, long timeoutMillis) throws PoolException, InterruptedException {
        long deadline = ticker.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lockInterruptibly();
        try {
            PooledConnection slot = take(deadline, timeoutMillis);
            if (ticker.getAsLong() - slot.lastAliveNanos < ALIVE_BYPASS_NANOS) {
                return new Acquired(grant(slot, holder), null);
            }
            return new Acquired(null, slot);
        } finally {
            unlock();
        }
    }

    private PooledConnection take(long deadline, long timeoutMillis) throws PoolException, InterruptedException {
        if (closed) {
            throw poolClosed();
        }
        if (draining) {
            throw draining();
        }
        if (!holdsBack() && waiters.isEmpty() && !idle.isEmpty()) {
            return takeLastIdle();
        }
        if (timeoutMillis == 0) {
            if (holdsBack()) {
                throw noConnection("no connection available: " + busy());
            }
            if (!anyIn(SlotState.VALIDATING)) {
                throw noConnection("no connection available: " + busy());
            }
            // an idle connection is only under a keepalive check: it is back in moments
            deadline = ticker.getAsLong() + KEEPALIVE_WAIT_NANOS;
        }
        if (waiters.size() >= settings.maxWaiters()) {
            refused++;
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
        last.state = SlotState.CHECKING;
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
                if (draining) {
                    throw draining();
                }
                if (lastOpenFailure != null && !anyMayComeBack()) {
                    // the database is down and no connection can come back: say so now, not at the timeout
                    throw noConnection(null);
                }
                long remaining = deadline - ticker.getAsLong();
                if (remaining <= 0) {
                    throw noConnection(timeoutMillis == 0
                            ? "no connection available: " + busy()
                            : "no connection became available within " + timeoutMillis + " ms: " + busy());
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
                    // handed a connection, then interrupted before taking it: pass it on as it is (a shrink
                    // or an eviction meanwhile catches up at the next connection that comes back)
                    passOn(me.handedOver);
                }
            }
        }
    }

    /**
     * Grants a slot the caller validated (and maybe reopened); null when the pool closed meanwhile (the
     * slot is BROKEN: close its connection). A pause or a drain does not stop it: the lease was already
     * being granted, and a drain waits for it like for any other.
     */
    Lease grantValidated(PooledConnection slot, String holder) {
        lock.lock();
        try {
            if (closed) {
                slot.state = SlotState.BROKEN;
                return null;
            }
            slot.lastAliveNanos = ticker.getAsLong();
            return grant(slot, holder);
        } finally {
            unlock();
        }
    }

    private Lease grant(PooledConnection slot, String holder) {
        slot.state = SlotState.LEASED;
        slot.holder = holder;
        if (sequence >= LAST_FREE_SEQUENCE && spareEpoch != NO_EPOCH) {
            epoch = spareEpoch; // greater than the current one: tokens still increase
            spareEpoch = NO_EPOCH;
            sequence = 0;
            ownEpochs.add(epoch);
        }
        // no check needed: without a spare epoch nothing is handed over past LAST_FREE_SEQUENCE, and the
        // IN_FLIGHT_ROOM sequences left cover every hand-over already made
        slot.token = lastToken = Lease.token(epoch, ++sequence, slot.id);
        slot.grantedNanos = ticker.getAsLong();
        slot.deadlineNanos = slot.grantedNanos + ttlNanos;
        slot.dirty = false;
        leasedByToken.put(slot.token, slot);
        granted++;
        return leaseOf(slot);
    }

    private Lease leaseOf(PooledConnection slot) {
        return new Lease(slot.id, slot.token, clock.instant().plus(settings.leaseTtl()), settings.leaseTtl());
    }

    /** No connection for this caller: because the database is down, or because none is free. */
    private PoolException noConnection(String exhausted) {
        timeouts++;
        return lastOpenFailure != null ? databaseUnavailable() : new PoolExhaustedException(exhausted);
    }

    DatabaseUnavailableException databaseUnavailable() {
        lock.lock();
        try {
            return new DatabaseUnavailableException("database unavailable at " + databaseTarget
                    + (lastOpenFailure == null ? "" : ": " + lastOpenFailure) + " (the pool keeps retrying)");
        } finally {
            unlock();
        }
    }

    void countRefusal() {
        lock.lock();
        try {
            refused++;
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ using a lease

    /**
     * Admits a call on {@code token}'s connection: the lease can neither expire nor be reset while the
     * call runs (a release meanwhile takes effect when the last call ends); the call renews the lease.
     */
    PooledConnection beginCall(String holder, long token) throws PoolException {
        lock.lock();
        try {
            PooledConnection slot = heldBy(holder, token);
            slot.activeCalls++;
            slot.dirty = true;
            slot.deadlineNanos = ticker.getAsLong() + ttlNanos; // a call is a sign of life
            return slot;
        } finally {
            unlock();
        }
    }

    /** Whether {@code token} still holds {@code slot}: a call that queued behind another checks before it runs. */
    boolean stillHeld(PooledConnection slot, long token) {
        lock.lock();
        try {
            return leasedByToken.get(token) == slot;
        } finally {
            unlock();
        }
    }

    /**
     * Ends an admitted call.
     *
     * @param answered whether the database answered (the connection proved alive)
     * @return whether the lease ended under the calls and this was the last: the caller resets and returns it
     */
    boolean endCall(PooledConnection slot, boolean answered) {
        lock.lock();
        try {
            if (answered) {
                slot.lastAliveNanos = ticker.getAsLong();
            }
            slot.activeCalls--;
            slot.deadlineNanos = ticker.getAsLong() + ttlNanos;
            boolean finishReturn = slot.activeCalls == 0 && slot.endedWhileActive;
            if (finishReturn) {
                slot.endedWhileActive = false;
            }
            return finishReturn;
        } finally {
            unlock();
        }
    }

    Lease renew(String holder, long token) throws PoolException {
        lock.lock();
        try {
            PooledConnection slot = heldBy(holder, token);
            slot.deadlineNanos = ticker.getAsLong() + ttlNanos;
            return leaseOf(slot);
        } finally {
            unlock();
        }
    }

    /** Ends a lease by its holder; the result says what the caller must do with the connection. */
    Released release(String holder, long token) throws PoolException {
        lock.lock();
        try {
            EndedLease ended = endedLeases.get(token);
            if (ended != null && ended.how == Ending.RELEASED && ended.holder.equals(holder)) {
                return new Released(Release.ALREADY_RELEASED, null, 0); // the holder releasing twice: harmless
            }
            PooledConnection slot = heldBy(holder, token);
            long held = ticker.getAsLong() - slot.grantedNanos;
            if (!endLease(slot, Ending.RELEASED)) {
                return new Released(Release.CALL_RUNNING, slot, held);
            }
            if (!slot.dirty && ticker.getAsLong() - slot.retireAtNanos < 0) {
                // nothing ran on it: nothing to undo, no round trip, one lock hold
                Freed freed = makeAvailable(slot);
                Release how = freed == Freed.AVAILABLE ? Release.RETURNED
                        : freed == Freed.REOPEN ? Release.REOPEN : Release.CLOSE_CONNECTION;
                return new Released(how, slot, held);
            }
            return new Released(Release.NEEDS_RESET, slot, held);
        } finally {
            unlock();
        }
    }

    /** Ends every lease of {@code holder} (its session ended); the slots to reset are RESETTING. */
    List<Ended> releaseAll(String holder) {
        List<Ended> ended = new ArrayList<>();
        lock.lock();
        try {
            for (PooledConnection slot : List.copyOf(leasedByToken.values())) {
                if (slot.holder.equals(holder)) {
                    long held = ticker.getAsLong() - slot.grantedNanos;
                    ended.add(new Ended(endLease(slot, Ending.RELEASED) ? slot : null, held));
                }
            }
        } finally {
            unlock();
        }
        return ended;
    }

    /** Takes back every lease past its deadline with no call running on it. */
    List<Expired> expireDue() {
        List<Expired> taken = new ArrayList<>();
        lock.lock();
        try {
            long now = ticker.getAsLong();
            for (PooledConnection slot : List.copyOf(leasedByToken.values())) {
                // yes, >= : the deadline instant is already too late
                if (slot.activeCalls == 0 && now - slot.deadlineNanos >= 0) {
                    String holder = slot.holder;
                    long held = now - slot.grantedNanos;
                    boolean resetNow = endLease(slot, Ending.EXPIRED);
                    expired++;
                    taken.add(new Expired(slot.token, holder, slot.id, resetNow ? slot : null, held));
                }
            }
        } finally {
            unlock();
        }
        return taken;
    }

    /** The slot leased to {@code token} if {@code holder} holds it; otherwise refuses. Call with the lock held. */
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
        if (!ownEpochs.contains(Lease.epochOf(token))) {
            // the epoch is public in the token: saying it is not this run's tells nothing about which tokens exist
            reason = "lease " + token + " was not granted by this server: its epoch " + Lease.epochOf(token)
                    + " is another server's or an earlier run's";
        }
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
        slot.state = SlotState.RESETTING;
        slot.holder = null;
        if (slot.activeCalls > 0) {
            slot.endedWhileActive = true;
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ connections coming back

    /**
     * A RESETTING, VALIDATING or CHECKING slot whose connection is good: free it, unless it must be
     * closed (the pool closed or shrank) or reopened (evicted); the result says which.
     */
    Freed returned(PooledConnection slot) {
        lock.lock();
        try {
            slot.lastAliveNanos = ticker.getAsLong();
            return makeAvailable(slot);
        } finally {
            unlock();
        }
    }

    /** The owner closed the slot's connection (a failed reset or check, or a lifetime's end): BROKEN, for the maintainer to reopen. */
    void broke(PooledConnection slot) {
        lock.lock();
        try {
            brokenOrRetired(slot);
        } finally {
            unlock();
        }
    }

    /** What the caller of {@link #makeAvailable} does with the slot's connection. */
    enum Freed {
        /** Nothing: the slot is IDLE, or CHECKING for a waiter. */
        AVAILABLE,
        /** Close it: the pool closed (the slot is BROKEN for good) or shrank (RETIRED). */
        CLOSE,
        /**
         * Replace it: it was opened before an eviction. The slot is OPENING, still the caller's: it must not
         * be BROKEN while its old connection is open, or the maintainer could reopen it meanwhile and the
         * caller's close would then close the new connection.
         */
        REOPEN
    }

    /**
     * A freed slot goes to the first waiter (as CHECKING) if there is one and the pool is not paused,
     * else on top of the idle stack; unless the pool closed or shrank, or the connection was evicted.
     */
    private Freed makeAvailable(PooledConnection slot) {
        if (closed) {
            slot.state = SlotState.BROKEN;
            return Freed.CLOSE;
        }
        if (slots.length > target) {
            retire(slot);
            return Freed.CLOSE;
        }
        if (slot.generation != generation) {
            slot.state = SlotState.OPENING;
            return Freed.REOPEN;
        }
        passOn(slot);
        return Freed.AVAILABLE;
    }

    /** A free slot goes to the first waiter (as CHECKING) unless the pool holds connections back, else on top of the idle stack. */
    private void passOn(PooledConnection slot) {
        Waiter first = holdsBack() ? null : waiters.pollFirst();
        if (first != null) {
            slot.state = SlotState.CHECKING;
            first.handedOver = slot;
            first.signal.signal();
        } else {
            slot.state = SlotState.IDLE;
            idle.addLast(slot);
        }
    }

    // ------------------------------------------------------------------ opening connections

    /**
     * A leasing thread reopened the CHECKING slot it holds (its connection had died); the slot stays
     * its own, to be granted to it.
     *
     * @return whether the database had been unavailable until now
     */
    boolean reopenedForLease(PooledConnection slot) {
        lock.lock();
        try {
            slot.generation = generation;
            boolean wasDown = lastOpenFailure != null;
            lastOpenFailure = null;
            backoff.onSuccess();
            return wasDown;
        } finally {
            unlock();
        }
    }

    /**
     * Opening a connection for {@code slot} failed: the slot is BROKEN and the database unavailable.
     * A leasing thread's failure starts the backoff when it is not running; only the maintainer's own
     * retries double it. Waiters are woken: if no connection can come back to them, they report the
     * database unavailable now rather than at their timeout.
     *
     * @return whether this is the first failure (the database just became unavailable)
     */
    boolean openFailed(PooledConnection slot, String failure, boolean byMaintainer) {
        lock.lock();
        try {
            brokenOrRetired(slot);
            boolean first = lastOpenFailure == null;
            lastOpenFailure = failure;
            if (byMaintainer || first) {
                backoff.onFailure(ticker.getAsLong());
            }
            waiters.forEach(w -> w.signal.signal());
            return first;
        } finally {
            unlock();
        }
    }

    /** The maintainer opened a connection for an OPENING slot: free it. */
    Opened opened(PooledConnection slot) {
        lock.lock();
        try {
            boolean wasDown = lastOpenFailure != null;
            lastOpenFailure = null;
            backoff.onSuccess();
            slot.lastAliveNanos = ticker.getAsLong();
            slot.generation = generation; // a fresh connection: whatever an eviction meant to replace, it is not this
            return new Opened(wasDown, makeAvailable(slot) == Freed.CLOSE); // never REOPEN: just stamped
        } finally {
            unlock();
        }
    }

    /** Whether the maintainer should start reopening BROKEN slots now; if so, it is marked as doing it. */
    boolean startReopening() {
        lock.lock();
        try {
            if (closed || reopening || !anyIn(SlotState.BROKEN) || !backoff.isDue(ticker.getAsLong())) {
                return false;
            }
            reopening = true;
            return true;
        } finally {
            unlock();
        }
    }

    /** The next BROKEN slot to reopen, now OPENING; null when none is left (or the pool closed). */
    PooledConnection nextToReopen() {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            for (PooledConnection slot : slots) {
                if (slot.state == SlotState.BROKEN) {
                    slot.state = SlotState.OPENING;
                    return slot;
                }
            }
            return null;
        } finally {
            unlock();
        }
    }

    void endReopening() {
        lock.lock();
        try {
            reopening = false;
        } finally {
            unlock();
        }
    }

    /**
     * The idle connection that has waited longest, if it is due for a keepalive check (now VALIDATING)
     * or past its lifetime (now OPENING, to be replaced); null otherwise. One per round, so maintenance
     * never takes a noticeable share of idle connections.
     */
    Due takeIdleForMaintenance() {
        lock.lock();
        try {
            PooledConnection slot = idle.peekFirst(); // the bottom of the stack: the one idle longest
            if (closed || slot == null) {
                return null;
            }
            long now = ticker.getAsLong();
            boolean retire = now - slot.retireAtNanos >= 0;
            if (!retire && now - slot.lastAliveNanos < settings.keepalive().toNanos()) {
                return null;
            }
            idle.removeFirst();
            slot.state = retire ? SlotState.OPENING : SlotState.VALIDATING;
            return new Due(slot, retire);
        } finally {
            unlock();
        }
    }

    /** A VALIDATING slot failed its check: OPENING, for its owner to reopen. */
    void validationFailed(PooledConnection slot) {
        lock.lock();
        try {
            slot.state = SlotState.OPENING;
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ administration

    /** A slot whose connection is gone (closed by its owner): RETIRED while the pool shrinks, else BROKEN for the maintainer to reopen. */
    private void brokenOrRetired(PooledConnection slot) {
        if (slots.length > target) {
            retire(slot);
        } else {
            slot.state = SlotState.BROKEN;
        }
    }

    /** Takes a slot out of the pool for good (a shrink); whoever holds its connection closes it. */
    private void retire(PooledConnection slot) {
        PooledConnection[] kept = new PooledConnection[slots.length - 1];
        int i = 0;
        for (PooledConnection other : slots) {
            if (other != slot) {
                kept[i++] = other;
            }
        }
        slots = kept;
        slot.state = SlotState.RETIRED;
    }

    /** New lease calls wait; held leases go on. Idempotent. */
    void pause() throws PoolException {
        lock.lock();
        try {
            refuseIfStopping();
            paused = true;
        } finally {
            unlock();
        }
    }

    /** Lease calls are served again: the idle connections go to the waiters, first come first served. Idempotent. */
    void resume() throws PoolException {
        lock.lock();
        try {
            refuseIfStopping();
            paused = false;
            handIdleToWaiters();
        } finally {
            unlock();
        }
    }

    /** Unless the pool still holds connections back, the idle ones go to the waiters, first come first served. */
    private void handIdleToWaiters() {
        while (!holdsBack() && !waiters.isEmpty() && !idle.isEmpty()) {
            PooledConnection slot = idle.pollLast();
            Waiter first = waiters.pollFirst();
            slot.state = SlotState.CHECKING;
            first.handedOver = slot;
            first.signal.signal();
        }
    }

    /**
     * Whether free connections stay on the stack instead of going to callers: while an admin pauses the
     * pool, and while it is out of sequences with no spare epoch yet. Call with the lock held.
     */
    private boolean holdsBack() {
        return paused || outOfSequences();
    }

    private boolean outOfSequences() {
        return sequence >= LAST_FREE_SEQUENCE && spareEpoch == NO_EPOCH;
    }

    // ------------------------------------------------------------------ epochs

    /** Whether the pool needs a spare epoch: past half its current one, without a spare yet. */
    boolean wantsSpareEpoch() {
        lock.lock();
        try {
            return spareEpoch == NO_EPOCH && sequence >= Lease.MAX_SEQUENCE / 2 && !closed;
        } finally {
            unlock();
        }
    }

    /** The newest epoch the pool has: its spare, or else its current one. */
    long lastEpoch() {
        lock.lock();
        try {
            return newestEpoch();
        } finally {
            unlock();
        }
    }

    private long newestEpoch() {
        return spareEpoch != NO_EPOCH ? spareEpoch : epoch;
    }

    /**
     * The spare epoch, for when the sequence nears its end; callers held back for want of one get the
     * idle connections now.
     *
     * @throws IllegalArgumentException unless {@code next} is beyond every epoch the pool has, and fits a token
     */
    void adoptSpareEpoch(long next) {
        lock.lock();
        try {
            long newest = newestEpoch();
            if (next <= newest || next > Lease.MAX_EPOCH) {
                throw new IllegalArgumentException("epoch " + next + " is not beyond " + newest + " or does not fit a token");
            }
            spareEpoch = next;
            handIdleToWaiters();
        } finally {
            unlock();
        }
    }

    /** For tests: carries on as if leases had been granted up to {@code to} in the current epoch. */
    void skipSequence(long to) {
        lock.lock();
        try {
            sequence = Math.max(sequence, to);
        } finally {
            unlock();
        }
    }

    /**
     * Starts the drain before the server stops: lease calls are refused from now on, and the waiting
     * ones are woken to be refused. One way: there is no undraining.
     */
    void startDrain() throws PoolException {
        lock.lock();
        try {
            if (closed) {
                throw poolClosed();
            }
            draining = true;
            waiters.forEach(w -> w.signal.signal());
        } finally {
            unlock();
        }
    }

    /**
     * Waits, after {@link #startDrain}, until no connection is leased and no call runs on one, or until
     * {@code timeoutNanos} has passed.
     *
     * @return how many leases are still held (0: drained)
     * @throws InterruptedException when interrupted while waiting
     */
    int awaitDrained(long timeoutNanos) throws InterruptedException {
        long deadline = ticker.getAsLong() + timeoutNanos;
        lock.lockInterruptibly();
        try {
            int outstanding;
            while ((outstanding = undrained()) > 0) {
                long remaining = deadline - ticker.getAsLong(); // recomputed after every wake-up
                if (remaining <= 0 || closed) {
                    break;
                }
                drainProgress.awaitNanos(remaining);
            }
            return outstanding;
        } finally {
            unlock();
        }
    }

    /** Connections a drain still waits for: leased, being checked for a grant, or with a call still running. */
    private int undrained() {
        int n = 0;
        for (PooledConnection slot : slots) {
            if (slot.state.countsAsLeased() || slot.activeCalls > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Sets the number of connections to {@code connections}. Growing adds OPENING slots (lowest free ids)
     * for the caller to open; shrinking retires BROKEN slots, then idle ones (longest idle first) for the
     * caller to close, and the rest as they come back.
     */
    Resizing resize(int connections) throws PoolException {
        lock.lock();
        try {
            refuseIfStopping();
            int from = slots.length;
            target = connections;
            List<PooledConnection> toClose = new ArrayList<>();
            for (PooledConnection slot : slots.clone()) {
                if (slots.length > target && slot.state == SlotState.BROKEN) {
                    retire(slot);
                }
            }
            while (slots.length > target && !idle.isEmpty()) {
                PooledConnection slot = idle.pollFirst();
                retire(slot);
                toClose.add(slot);
            }
            List<PooledConnection> toOpen = new ArrayList<>();
            while (slots.length < target) {
                PooledConnection slot = new PooledConnection(lowestFreeId());
                idBound = Math.max(idBound, slot.id + 1);
                slot.state = SlotState.OPENING;
                slots = Arrays.copyOf(slots, slots.length + 1);
                slots[slots.length - 1] = slot;
                toOpen.add(slot);
            }
            return new Resizing(from, target, toClose, toOpen, slots.length - target);
        } finally {
            unlock();
        }
    }

    private int lowestFreeId() {
        boolean[] taken = new boolean[slots.length + 1];
        for (PooledConnection slot : slots) {
            if (slot.id < taken.length) {
                taken[slot.id] = true;
            }
        }
        int id = 0;
        while (taken[id]) {
            id++;
        }
        return id;
    }

    /**
     * What the pool's size should follow, in one look: callers waiting, the target, idle connections and
     * how long the longest-idle one has been idle; {@code stopped} when paused, draining or closed.
     */
    record Demand(int waiting, int target, int idle, long longestIdleNanos, boolean stopped) {
    }

    Demand demand() {
        lock.lock();
        try {
            PooledConnection longest = idle.peekFirst(); // the bottom of the stack
            long idleFor = longest == null ? 0 : ticker.getAsLong() - longest.lastAliveNanos;
            return new Demand(waiters.size(), target, idle.size(), idleFor, paused || draining || closed);
        } finally {
            unlock();
        }
    }

    /**
     * Takes back every lease at once (their tokens are dead from here on, as after an expiry), for a pool
     * whose places in the fleet's budget are gone. The slots are RESETTING for the caller to reset and
     * free (a shrink to zero then retires them); those with a call still running are freed by its end.
     */
    List<Expired> takeBackAll() {
        List<Expired> taken = new ArrayList<>();
        lock.lock();
        try {
            long now = ticker.getAsLong();
            for (PooledConnection slot : List.copyOf(leasedByToken.values())) {
                String holder = slot.holder;
                long held = now - slot.grantedNanos;
                boolean resetNow = endLease(slot, Ending.EXPIRED);
                expired++;
                taken.add(new Expired(slot.token, holder, slot.id, resetNow ? slot : null, held));
            }
        } finally {
            unlock();
        }
        return taken;
    }

    /**
     * Marks every connection open now for replacement: the idle ones are handed to the caller (OPENING)
     * to reopen now; the others are closed when they come back, and reopened by the maintainer.
     */
    Evicting evict() throws PoolException {
        lock.lock();
        try {
            refuseIfStopping();
            generation++;
            List<PooledConnection> toReopen = new ArrayList<>(idle);
            idle.clear();
            toReopen.forEach(slot -> slot.state = SlotState.OPENING);
            int later = 0;
            for (PooledConnection slot : slots) {
                if (slot.state != SlotState.OPENING && slot.state != SlotState.BROKEN) {
                    later++;
                }
            }
            return new Evicting(toReopen, later);
        } finally {
            unlock();
        }
    }

    private void refuseIfStopping() throws PoolException {
        if (closed) {
            throw poolClosed();
        }
        if (draining) {
            throw draining();
        }
    }

    // ------------------------------------------------------------------ stats, close, invariants

    /** A snapshot; every slot is counted in exactly one of idle, leased and maintenance. */
    PoolStats stats(boolean maintainerAlive) {
        lock.lock();
        try {
            int leased = 0;
            int maintenance = 0;
            for (PooledConnection slot : slots) {
                leased += slot.state.countsAsLeased() ? 1 : 0;
                maintenance += slot.state.countsAsMaintenance() ? 1 : 0;
            }
            return new PoolStats(slots.length, idle.size(), leased, maintenance, waiters.size(), granted, timeouts,
                    expired, refused, maintainerAlive, target, paused, draining);
        } finally {
            unlock();
        }
    }

    /**
     * Closes the books: waiters are woken (they get "closing"), no lease is granted or honoured from here
     * on. Returns the slots whose connections the caller must close now: the idle ones, the leased ones
     * with no call running, and those handed to a waiter that had not taken them. A slot some thread owns
     * is closed by that thread when it hands it on (handing on to a closed pool says so).
     */
    List<PooledConnection> close() {
        List<PooledConnection> toClose = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return toClose;
            }
            closed = true;
            for (Waiter w : waiters) {
                if (w.handedOver != null) {
                    w.handedOver.state = SlotState.BROKEN;
                    toClose.add(w.handedOver);
                    w.handedOver = null;
                }
                w.signal.signal();
            }
            idle.clear();
            for (PooledConnection slot : slots) {
                if (slot.state == SlotState.IDLE || (slot.state == SlotState.LEASED && slot.activeCalls == 0)) {
                    leasedByToken.remove(slot.token);
                    slot.state = SlotState.BROKEN;
                    toClose.add(slot);
                } else if (slot.state == SlotState.LEASED) {
                    leasedByToken.remove(slot.token);
                    slot.state = SlotState.RESETTING;
                    slot.endedWhileActive = true; // the last call's end hands it on, and closes it
                }
            }
            return toClose;
        } finally {
            unlock();
        }
    }

    /**
     * Checks every invariant of the class comment.
     *
     * @throws IllegalStateException naming the first one broken
     */
    void checkInvariants() {
        lock.lock();
        try {
            // by slot id, not a hash set: the model check needs the same memory accesses on every replay
            boolean[] stacked = new boolean[idBound];
            boolean[] seen = new boolean[idBound];
            for (PooledConnection slot : idle) {
                require(!stacked[slot.id], slot + " is on the idle stack twice: " + idle);
                stacked[slot.id] = true;
            }
            int leased = 0;
            for (PooledConnection slot : slots) {
                require(!seen[slot.id], "two slots have id " + slot.id);
                seen[slot.id] = true;
                require(slot.state != SlotState.RETIRED, slot + " is RETIRED but still in the pool");
                require(slot.connection != null || (slot.state != SlotState.IDLE && slot.state != SlotState.LEASED),
                        slot + " is " + slot.state + " without a connection");
                require((slot.state == SlotState.IDLE) == stacked[slot.id],
                        slot + " is " + slot.state + " but " + (stacked[slot.id] ? "" : "not ") + "on the idle stack");
                require(slot.token <= lastToken, slot + " has token " + slot.token + " beyond the last granted, " + lastToken);
                require(slot.state != SlotState.LEASED || ownEpochs.contains(Lease.epochOf(slot.token)),
                        slot + " is leased under an epoch this pool never had");
                require(slot.activeCalls >= 0, slot + " has " + slot.activeCalls + " calls");
                require(slot.activeCalls == 0 || slot.state == SlotState.LEASED
                                || (slot.state == SlotState.RESETTING && slot.endedWhileActive),
                        slot + " has calls running while " + slot.state);
                int countedIn = (slot.state.countsAsLeased() ? 1 : 0) + (slot.state.countsAsMaintenance() ? 1 : 0)
                        + (slot.state == SlotState.IDLE ? 1 : 0);
                require(countedIn == 1, slot.state + " is counted in stats " + countedIn + " times");
                if (slot.state == SlotState.LEASED) {
                    leased++;
                    require(leasedByToken.get(slot.token) == slot, slot + " is LEASED but its token " + slot.token
                            + " does not map to it");
                }
            }
            // every LEASED slot is mapped by its own token, and there is no other entry: the table is exact
            require(leasedByToken.size() == leased, leasedByToken.size() + " live tokens for " + leased + " leased slots");
            require(sequence < Lease.MAX_SEQUENCE, "sequence " + sequence + " reached the end of epoch " + epoch);
            require(holdsBack() || waiters.isEmpty() || idle.isEmpty(),
                    waiters.size() + " waiters queue while " + idle.size() + " are idle");
            for (Waiter w : waiters) {
                require(w.handedOver == null || w.handedOver.state == SlotState.CHECKING,
                        "a waiter was handed " + w.handedOver + " in state " + (w.handedOver == null ? null : w.handedOver.state));
            }
            require(!closed || (idle.isEmpty() && leasedByToken.isEmpty()), "closed with idle or leased connections");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unlocks, first checking every invariant when assertions are on (as in the tests): so the invariants
     * hold after every transition the pool makes, not only when a test looks.
     */
    private void unlock() {
        try {
            if (draining) {
                drainProgress.signalAll(); // something may have come back: the drain looks again
            }
            assert invariantsHold();
        } finally {
            lock.unlock();
        }
    }

    private boolean invariantsHold() {
        checkInvariants();
        return true;
    }

    private static void require(boolean condition, String broken) {
        if (!condition) {
            throw new IllegalStateException("pool invariant broken: " + broken);
        }
    }

    /**
     * Why no connection is free, in the words an operator needs: "all 10 are leased", or how many are
     * leased and how many are in the pool's own hands (a database that stopped answering keeps them there).
     */
    private String busy() {
        int leased = 0;
        for (PooledConnection slot : slots) {
            if (slot.state == SlotState.LEASED) {
                leased++;
            }
        }
        int busy = slots.length - idle.size();
        if (paused) {
            return "the pool is paused by an admin (" + leased + " of " + slots.length + " leased)";
        }
        if (outOfSequences()) {
            return "the pool has used up its token epoch and waits for the next from ZooKeeper (" + leased + " of "
                    + slots.length + " leased)";
        }
        return leased == slots.length ? "all " + leased + " are leased"
                : leased + " of " + slots.length + " leased, " + (busy - leased) + " being checked, reset or reopened";
    }

    private boolean anyIn(SlotState state) {
        for (PooledConnection slot : slots) {
            if (slot.state == state) {
                return true;
            }
        }
        return false;
    }

    /** Whether any connection can be freed without the database coming back (so a waiter may still get one). */
    private boolean anyMayComeBack() {
        for (PooledConnection slot : slots) {
            if (slot.state.mayComeBack()) {
                return true;
            }
        }
        return false;
    }

    static PoolClosedException poolClosed() {
        return new PoolClosedException("the pool server is shutting down");
    }

    private static PoolClosedException draining() {
        return new PoolClosedException("the pool server is draining before it stops: it grants no more leases");
    }
}
