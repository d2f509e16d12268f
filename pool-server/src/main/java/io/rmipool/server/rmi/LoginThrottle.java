package io.rmipool.server.rmi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows down guessing: per caller address, the first {@link #FREE_FAILURES} failed logins in a row cost
 * nothing; each further one locks the address out for {@link #FIRST_LOCKOUT_NANOS}, doubling up to
 * {@link #MAX_LOCKOUT_NANOS}. While locked out, an address gets neither challenges nor logins; those
 * refusals do not extend the lock-out (a client sharing the address, behind NAT, is locked out no longer
 * than the guesser earned). A successful login forgets the address.
 *
 * <p>At most {@link #MAX_ADDRESSES} addresses are remembered (the least recently failed are forgotten
 * first), so a flood from many addresses cannot exhaust memory. Thread-safe (synchronized: only logins
 * pass here).
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final long FIRST_LOCKOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long MAX_LOCKOUT_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final int MAX_ADDRESSES = 10_000;

    private static final class Record {
        int failures;
        long lockedUntil;
    }

    private final LongSupplier ticker;
    private final Map<String, Record> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    LoginThrottle(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /** How many nanoseconds {@code address} is still locked out for; 0 when it may try. */
    synchronized long lockedOutFor(String address) {
        Record r = byAddress.get(address);
        if (r == null) {
            return 0;
        }
        long left = r.lockedUntil - ticker.getAsLong();
        return left > 0 ? left : 0;
    }

    synchronized void failed(String address) {
        Record r = byAddress.computeIfAbsent(address, a -> new Record());
        r.failures++;
        int beyond = r.failures - FREE_FAILURES;
        if (beyond > 0) {
            // shift at most 30 places: 200 ms << 9 is already past the one-minute cap
            long lockout = Math.min(MAX_LOCKOUT_NANOS, FIRST_LOCKOUT_NANOS << Math.min(30, beyond - 1));
            r.lockedUntil = ticker.getAsLong() + lockout;
        }
    }

    synchronized void succeeded(String address) {
        byAddress.remove(address);
    }
}
