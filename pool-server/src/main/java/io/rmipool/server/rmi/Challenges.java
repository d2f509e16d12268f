package io.rmipool.server.rmi;

import io.rmipool.api.PoolGateway;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The login challenges handed out and not used yet. A challenge is good for one login attempt within
 * {@link #VALIDITY}. At most {@link #MAX_OUTSTANDING} are kept in all (the oldest are forgotten first),
 * and at most {@link #MAX_OUTSTANDING_PER_ADDRESS} for one caller address, so that no single address
 * can push everyone else's challenges out by asking for many. Thread-safe (synchronized: logins are
 * rare next to leases).
 */
final class Challenges {
    static final Duration VALIDITY = Duration.ofMinutes(1);
    static final int MAX_OUTSTANDING = 10_000;
    static final int MAX_OUTSTANDING_PER_ADDRESS = 256;

    private record Issued(long expiry, String address) {
    }

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier ticker;
    /** challenge bytes -> when it expires and whom it was issued to; insertion order is issue order. */
    private final LinkedHashMap<ByteBuffer, Issued> outstanding = new LinkedHashMap<>();
    private final Map<String, Integer> perAddress = new HashMap<>();

    Challenges(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /** @return a new challenge for {@code address}, or null when it holds too many unused ones */
    synchronized byte[] issue(String address) {
        dropExpired();
        if (perAddress.getOrDefault(address, 0) >= MAX_OUTSTANDING_PER_ADDRESS) {
            return null;
        }
        if (outstanding.size() >= MAX_OUTSTANDING) {
            Iterator<Map.Entry<ByteBuffer, Issued>> eldest = outstanding.entrySet().iterator();
            forget(eldest.next().getValue());
            eldest.remove();
        }
        byte[] challenge = new byte[PoolGateway.CHALLENGE_BYTES];
        random.nextBytes(challenge);
        outstanding.put(ByteBuffer.wrap(challenge.clone()), new Issued(ticker.getAsLong() + VALIDITY.toNanos(), address));
        perAddress.merge(address, 1, Integer::sum);
        return challenge;
    }

    /** True when {@code challenge} was issued, is unexpired, and was not used; it is used up now. */
    synchronized boolean redeem(byte[] challenge) {
        if (challenge == null) {
            return false;
        }
        Issued issued = outstanding.remove(ByteBuffer.wrap(challenge));
        if (issued == null) {
            return false;
        }
        forget(issued);
        return ticker.getAsLong() - issued.expiry() < 0;
    }

    /** All challenges have the same validity, so the expired ones are the oldest: at the head. */
    private void dropExpired() {
        long now = ticker.getAsLong();
        Iterator<Map.Entry<ByteBuffer, Issued>> it = outstanding.entrySet().iterator();
        while (it.hasNext()) {
            Issued issued = it.next().getValue();
            if (now - issued.expiry() < 0) {
                return;
            }
            forget(issued);
            it.remove();
        }
    }

    private void forget(Issued issued) {
        perAddress.computeIfPresent(issued.address(), (a, n) -> n == 1 ? null : n - 1);
    }
}
