package io.rmipool.api;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * An admin's session: runtime controls of the pool. Obtained from {@link PoolGateway#adminLogin} with
 * the server's admin secret, which is separate from the clients' secret; a server started without one
 * has no admin role at all.
 *
 * <p>Bound like a {@link PoolSession}: its calls are honoured only on connections that proved its
 * credential, and it ends after the server's session idle timeout. Every operation takes effect before
 * the call returns and answers with an {@link AdminReport}: one line saying what happened, and the
 * pool's stats right after. Every call runs on its own server thread; implementations are thread-safe.
 */
public interface PoolAdmin extends Remote {

    /** New lease calls wait (up to their own timeout) until {@link #resume()}; held leases go on. Idempotent. */
    AdminReport pause() throws PoolException, RemoteException;

    /** Ends a pause: waiting lease calls are served, first come, first served. Idempotent. */
    AdminReport resume() throws PoolException, RemoteException;

    /**
     * Stops granting leases (waiting and new lease calls get {@link PoolClosedException}), waits up to
     * {@code timeoutMillis} for the held leases to come back, answers, and then stops the server, which
     * exits with code 0. Leases still held when the wait ends are taken back by the stop.
     *
     * @throws InvalidArgumentException when {@code timeoutMillis} is negative or over a day
     */
    AdminReport drain(long timeoutMillis) throws PoolException, RemoteException;

    /**
     * Grows or shrinks the pool to {@code connections}. New connections open in the background; a
     * shrink closes idle connections at once and leased ones as they come back, never taking one from
     * its holder.
     *
     * @throws InvalidArgumentException when {@code connections} is below 1 or above the server's limit
     */
    AdminReport resize(int connections) throws PoolException, RemoteException;

    /**
     * Replaces every connection open now (after a database failover or a password rotation, say): idle
     * ones at once, leased ones when they come back.
     */
    AdminReport evict() throws PoolException, RemoteException;

    /** The pool's gauges and counters. */
    PoolStats stats() throws PoolException, RemoteException;

    /** Ends this admin session; it is unexported, so later calls fail with {@code NoSuchObjectException}. */
    void logout() throws NotAuthenticatedException, RemoteException;
}
