package io.rmipool.server.pool;

import io.rmipool.api.Lease;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Checks the invariant "no connection is held by two leases at once" at every grant and every
 * release: each connection id has one cell holding the token of its current lease, or 0.
 * A grant must find its cell empty; a release must find its own token there. Thread-safe.
 */
final class ExclusiveHoldings {
    private final AtomicLongArray holderOf;
    final Queue<String> violations = new ConcurrentLinkedQueue<>();

    ExclusiveHoldings(int connections) {
        holderOf = new AtomicLongArray(connections);
    }

    /** Call right after a lease was granted. */
    void granted(Lease lease) {
        if (!holderOf.compareAndSet(lease.connectionId(), 0, lease.token())) {
            violations.add("connection " + lease.connectionId() + " granted to lease " + lease.token()
                    + " while lease " + holderOf.get(lease.connectionId()) + " holds it");
        }
    }

    /** Call right before the lease is released. */
    void releasing(Lease lease) {
        if (!holderOf.compareAndSet(lease.connectionId(), lease.token(), 0)) {
            violations.add("lease " + lease.token() + " releasing connection " + lease.connectionId()
                    + " that lease " + holderOf.get(lease.connectionId()) + " holds");
        }
    }
}
