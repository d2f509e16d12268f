package io.rmipool.server.rmi;

import io.rmipool.api.PoolGateway;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The login challenges handed out and not used yet. A challenge is good for one login attempt
 * within {@link #VALIDITY}; at most {@link #MAX_OUTSTANDING} are kept (the oldest are forgotten
 * first), so a flood of {@code challenge()} calls cannot exhaust memory. Thread-safe (synchronized:
 * logins are rare next to leases).
 */
final class Challenges {
    static final Duration VALIDITY = Duration.ofMinutes(1);
    static final int MAX_OUTSTANDING = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier ticker;
    /** challenge bytes -> expiry on the ticker; insertion order is issue order. */
    private final Map<ByteBuffer, Long> outstanding = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
            return size() > MAX_OUTSTANDING;
        }
    };

    Challenges(LongSupplier ticker) {
        this.ticker = ticker;
    }

    synchronized byte[] issue() {
        byte[] challenge = new byte[PoolGateway.CHALLENGE_BYTES];
        random.nextBytes(challenge);
        outstanding.put(ByteBuffer.wrap(challenge.clone()), ticker.getAsLong() + VALIDITY.toNanos());
        return challenge;
    }

    /** True when {@code challenge} was issued, is unexpired, and was not used; it is used up now. */
    synchronized boolean redeem(byte[] challenge) {
        if (challenge == null) {
            return false;
        }
        Long expiry = outstanding.remove(ByteBuffer.wrap(challenge));
        return expiry != null && ticker.getAsLong() - expiry < 0;
    }
}
