package io.rmipool.api;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * A granted lease on one pooled connection.
 *
 * <p>A token is {@code epoch << 44 | sequence << 16 | connectionId}: the server's current epoch in
 * the high {@value #EPOCH_BITS} bits, a sequence counting up within the epoch in the next
 * {@value #SEQUENCE_BITS}, and the connection's id in the low {@value #CONNECTION_ID_BITS}. A server
 * takes an epoch when it starts and a new one before its sequence runs out; epochs only grow, so a
 * server's tokens are strictly increasing. In a fleet the epochs come from ZooKeeper, and no two servers,
 * nor two runs of one server, ever have the same one: a token names the server run that granted it, and
 * no other honours it. Carrying the id is
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
    /** How many bits of a token count leases within an epoch: 268 million leases per epoch. */
    public static final int SEQUENCE_BITS = 28;
    /** How many high bits of a token are its epoch (the sign bit stays clear: tokens are positive). */
    public static final int EPOCH_BITS = 63 - SEQUENCE_BITS - CONNECTION_ID_BITS;
    /** The largest epoch a token can carry. */
    public static final long MAX_EPOCH = (1L << EPOCH_BITS) - 1;
    /** Sequences of an epoch run from 1 to this. */
    public static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;

    /** The token of the {@code sequence}-th lease of {@code epoch}, on connection {@code connectionId}. */
    public static long token(long epoch, long sequence, int connectionId) {
        if (epoch < 0 || epoch > MAX_EPOCH || sequence < 0 || sequence > MAX_SEQUENCE
                || connectionId < 0 || connectionId >= 1 << CONNECTION_ID_BITS) {
            throw new IllegalArgumentException("no token for epoch " + epoch + ", sequence " + sequence
                    + ", connection " + connectionId);
        }
        return (epoch << SEQUENCE_BITS | sequence) << CONNECTION_ID_BITS | connectionId;
    }

    /** The epoch of the server run that granted {@code token}. */
    public static long epochOf(long token) {
        return token >>> (SEQUENCE_BITS + CONNECTION_ID_BITS);
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
