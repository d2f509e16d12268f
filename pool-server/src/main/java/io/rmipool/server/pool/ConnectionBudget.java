package io.rmipool.server.pool;

import io.rmipool.api.FleetStats;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * What the pool shares with the other servers of its fleet: room for open database connections (the
 * fleet's global cap), the epochs of its lease tokens, and the fleet's figures for stats.
 *
 * <p>Room: the pool reserves a
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

    /**
     * An epoch for the pool's lease tokens: beyond {@code previous} (-1 for the first), and, in a fleet,
     * beyond every epoch any server of the fleet ever had, so that no two server runs grant the same
     * token. May take a round trip to the coordinator.
     *
     * @throws IllegalStateException when no epoch can be had now (the coordinator is unreachable, or has
     *     handed out the last epoch a token can carry)
     */
    long nextTokenEpoch(long previous);

    /** The fleet's figures: its cap and the connections each server holds; null alone. */
    FleetStats fleetStats();

    /** Alone: no cap beyond the pool's own size, every reservation succeeds; epochs count up from 0. */
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

        @Override
        public long nextTokenEpoch(long previous) {
            // no other server to keep apart from: the sequence simply carries on in the next epoch
            return previous + 1;
        }

        @Override
        public FleetStats fleetStats() {
            return null;
        }
    };
}
