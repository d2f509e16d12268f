package io.rmipool.api;

import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.Serial;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * The serial form of a {@link Lease}: connection id, token, expiry and TTL as primitives, written and
 * read without reflection. Read back, it resolves to the {@code Lease} it stands for; values no lease
 * can have (a negative id or TTL, an expiry outside {@code Instant}'s range) are refused.
 *
 * <p>Not thread-safe; used by one serialization stream at a time. Public only because
 * {@code Externalizable} needs a public no-argument constructor.
 */
public final class LeaseForm implements Externalizable {
    @Serial
    private static final long serialVersionUID = 1L;

    private Lease lease;

    /** For deserialization only. */
    public LeaseForm() {
    }

    LeaseForm(Lease lease) {
        this.lease = lease;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeInt(lease.connectionId());
        out.writeLong(lease.token());
        out.writeLong(lease.expiresAt().getEpochSecond());
        out.writeInt(lease.expiresAt().getNano());
        out.writeLong(lease.ttl().getSeconds());
        out.writeInt(lease.ttl().getNano());
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        int connectionId = in.readInt();
        long token = in.readLong();
        long expiresSeconds = in.readLong();
        int expiresNanos = in.readInt();
        long ttlSeconds = in.readLong();
        int ttlNanos = in.readInt();
        if (connectionId < 0 || ttlSeconds < 0 || ttlNanos < 0 || ttlNanos > 999_999_999) {
            throw new InvalidObjectException("not a lease: connection id " + connectionId + ", ttl " + ttlSeconds + " s");
        }
        try {
            lease = new Lease(connectionId, token, Instant.ofEpochSecond(expiresSeconds, expiresNanos),
                    Duration.ofSeconds(ttlSeconds, ttlNanos));
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidObjectException("not a lease: " + e.getMessage());
        }
    }

    @Serial
    private Object readResolve() {
        return lease;
    }
}
