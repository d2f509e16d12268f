package io.rmipool.api;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * A granted lease on one pooled connection.
 *
 * <p>A token carries its connection's id in its low {@value #CONNECTION_ID_BITS} bits (a token is
 * {@code sequence << 16 | connectionId}, the sequence counting up over the server's life), which is
 * why {@link PoolSession#lease} can answer with the token alone: a primitive, where a {@code Lease}
 * object would cost the client a class descriptor to resolve on every call, the largest part of a lease
 * call's cost on its side. Where a whole lease does travel ({@link PoolSession#renew}), it travels as
 * {@link LeaseForm}: six primitives under one class descriptor instead of a record descriptor plus the
 * serial proxies of its {@code Instant} and {@code Duration}.
 *
 * @param connectionId the pooled connection's id, {@code 0 .. max-1}
 * @param token the fencing token: unique and strictly increasing over the server's life
 * @param expiresAt when the server takes the connection back unless the lease is renewed (server clock)
 * @param ttl the lease time-to-live; a renewal extends the lease by this much from the renewal
 */
public record Lease(int connectionId, long token, Instant expiresAt, Duration ttl) implements Serializable {
    /** How many low bits of a token are its connection's id (the pool has at most 10,000 connections). */
    public static final int CONNECTION_ID_BITS = 16;

    /** The token of the {@code sequence}-th lease, on connection {@code connectionId}. */
    public static long token(long sequence, int connectionId) {
        return sequence << CONNECTION_ID_BITS | connectionId;
    }

    /** The id of the connection {@code token} leases. */
    public static int connectionIdOf(long token) {
        return (int) (token & ((1 << CONNECTION_ID_BITS) - 1));
    }

    @Serial
    private Object writeReplace() {
        return new LeaseForm(this);
    }
}
