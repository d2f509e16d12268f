package io.rmipool.server.pool;

import io.rmipool.api.PoolException;

import java.time.Duration;

/**
 * What an admin may do to a running pool, from the CLI ({@code pool-client admin}) or JMX. Implemented by
 * {@link DatabaseConnectionPool}; the seed's {@link UnsafeConnectionPool} has no such controls. Every
 * operation is thread-safe, returns at once except {@link #drain}, and is refused with
 * {@link io.rmipool.api.PoolClosedException} once the pool drains or closes.
 */
public interface AdministeredPool {

    /** New lease calls wait (up to their own timeout); held leases go on. Idempotent. */
    void pause() throws PoolException;

    /** Ends a pause: the waiting lease calls are served first come, first served. Idempotent. */
    void resume() throws PoolException;

    /**
     * Grows or shrinks the pool to {@code connections}. New connections open in the background; a shrink
     * closes idle connections now and the others as their leases end, never taking one from its holder.
     *
     * @throws io.rmipool.api.InvalidArgumentException when {@code connections} is out of range
     */
    Resized resize(int connections) throws PoolException;

    /**
     * Replaces every connection open now, e.g. after a database failover or a password rotation: the idle
     * ones at once (in the background), the others when they come back from their leases.
     */
    Evicted evict() throws PoolException;

    /**
     * Stops granting leases for good (waiting and new lease calls are refused), then waits up to
     * {@code timeout} for the held leases to come back. The caller stops the server afterwards.
     *
     * @return how many leases were still held when the wait ended (0: all came back)
     * @throws InterruptedException when interrupted while waiting
     */
    int drain(Duration timeout) throws PoolException, InterruptedException;

    /**
     * A resize's outcome.
     *
     * @param from connections before
     * @param to connections wanted now
     * @param closedNow idle (or broken) connections closed at once
     * @param opening new connections being opened
     * @param retireLater leased or busy connections that retire when they come back
     */
    record Resized(int from, int to, int closedNow, int opening, int retireLater) {
    }

    /**
     * An eviction's outcome.
     *
     * @param reopeningNow idle connections being replaced now
     * @param replaceLater connections in use, replaced when they come back
     */
    record Evicted(int reopeningNow, int replaceLater) {
    }
}
