package io.rmipool.server.pool;

/**
 * The life of one pooled connection. Transitions happen under the {@link PoolLedger}'s lock; a slot in
 * an {@linkplain #isOwned() owned} state belongs to the one thread that moved it there, which alone
 * touches its connection (outside the lock) until it moves the slot on.
 * <pre>
 *   IDLE ──▶ CHECKING ──▶ LEASED ──▶ RESETTING ──▶ IDLE          a lease: validate (and reopen if dead),
 *    │  ▲    (the leaser    │                │                   hold, then roll back and restore
 *    │  │     reopens here) │                └──▶ BROKEN          a failed reset, or past its lifetime
 *    ▼  │                   ▼                       │
 *   VALIDATING ───────▶ (dead) ──▶ OPENING ◀────────┘             the maintainer: keepalive checks,
 *   (keepalive)                      │  └──▶ BROKEN (retried       reopening with backoff
 *                                    ▼        with backoff)
 *                                   IDLE
 * </pre>
 * A shrink retires slots: a BROKEN or IDLE one at once, any other when it would have become IDLE again
 * (or BROKEN); a RETIRED slot has left the pool.
 */
enum SlotState {
    /** On the idle stack, ready to lease. */
    IDLE,
    /** Owned by a leasing thread: validated, and reopened if dead, before it is granted. */
    CHECKING,
    /** Held by a lease. */
    LEASED,
    /** Owned by the thread returning it after a lease: rollback, restore, validate. */
    RESETTING,
    /** Owned by the maintainer's worker: the keepalive check of an idle connection. */
    VALIDATING,
    /** Owned by the maintainer's worker: a new connection is being opened. */
    OPENING,
    /** No connection; the maintainer reopens it when the backoff allows. */
    BROKEN,
    /** Out of the pool for good (a shrink): no longer among its slots; whoever held its connection closes it. */
    RETIRED;

    /** Whether one thread works on the connection outside the lock. */
    boolean isOwned() {
        return this == CHECKING || this == RESETTING || this == VALIDATING || this == OPENING;
    }

    /** Counted as leased in stats: held by a lease, or checked for the caller about to hold it. */
    boolean countsAsLeased() {
        return this == CHECKING || this == LEASED;
    }

    /**
     * Counted as under maintenance in stats: in the pool's own hands, no lease's any more. A reset after
     * a lease counts here, not as leased: the lease has ended (and a database that stopped answering can
     * keep the reset going for a while, which operators must not mistake for a client holding on).
     */
    boolean countsAsMaintenance() {
        return this == RESETTING || this == VALIDATING || this == OPENING || this == BROKEN;
    }

    /** Whether the slot will be free again without the database coming back: a waiter may get it. */
    boolean mayComeBack() {
        return this == CHECKING || this == LEASED || this == RESETTING || this == VALIDATING || this == OPENING;
    }
}
