package io.rmipool.api;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * A granted lease on one pooled connection.
 *
 * <p>On the wire a lease travels as {@link LeaseForm}: six primitives under one class descriptor
 * instead of a record descriptor plus the serial proxies of its {@code Instant} and {@code Duration}.
 * Every lease call pays for its result's descriptors (each RMI call has a stream of its own), and
 * reading those descriptors was the largest part of a lease call's cost on the client.
 *
 * @param connectionId the pooled connection's id, {@code 0 .. max-1}
 * @param token the fencing token: unique and strictly increasing over the server's life
 * @param expiresAt when the server takes the connection back unless the lease is renewed (server clock)
 * @param ttl the lease time-to-live; a renewal extends the lease by this much from the renewal
 */
public record Lease(int connectionId, long token, Instant expiresAt, Duration ttl) implements Serializable {
    @Serial
    private Object writeReplace() {
        return new LeaseForm(this);
    }
}
