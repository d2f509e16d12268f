package io.rmipool.server.pool;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Room for open database connections beyond this pool: the fleet's global cap. The pool reserves a
 * place before it opens a connection for a new slot, and gives it back only once that slot's connection
 * is closed for good, so the connections open at any instant never exceed the places held. A slot keeps
 * its place while its connection is replaced (broken, evicted, past its lifetime). Implementations are
 * thread-safe; a reservation may take a round trip to the fleet's coordinator, so the pool makes it on a
 * worker, never under its lock or on the maintainer's thread.
 */
public interface ConnectionBudget {
    /** Reserves one place; false when none became free within a moment. */
    boolean tryReserve();

    /** Gives back one place whose connection has been closed. */
    void release();

    /** How long a connection stays idle, with nobody waiting, before its place goes back to the budget. */
    Duration idleRelease();

    /**
     * Registers what the pool does when its places are gone all at once (the fleet lost its coordinator's
     * session, and others may take them): close every connection it has, as fast as it safely can.
     */
    void whenLost(Runnable action);

    /** No cap beyond the pool's own size: every reservation succeeds. */
    ConnectionBudget UNLIMITED = new ConnectionBudget() {
        @Override
        public boolean tryReserve() {
            return true;
        }

        @Override
        public void release() {
        }

        @Override
        public Duration idleRelease() {
            return ChronoUnit.FOREVER.getDuration();
        }

        @Override
        public void whenLost(Runnable action) {
            // places without a coordinator are never lost
        }
    };
}
