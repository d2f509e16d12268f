package io.rmipool.server.net;

import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Counts what the server refuses (failed logins, rejected payloads, refused connections, calls on a
 * closed session) and logs it in aggregate: the first refusal of a kind from an address is a WARN line
 * with its detail; later ones are only counted, and {@link #summarize()} (every minute) logs one line
 * per kind and address with how many there were. So 48,000 failed logins in ten seconds are two lines,
 * not 48,000.
 *
 * <p>At most {@link #MAX_KEYS} kinds and addresses are tracked per period; beyond that they are counted
 * under one key, so a flood from many addresses cannot grow the map. Thread-safe.
 */
public final class Refusals {
    private static final Logger LOG = LogManager.getLogger(Refusals.class);
    static final int MAX_KEYS = 1_000;
    private static final String OVERFLOW = "(more addresses)";

    private final LongAdder count = new LongAdder();
    private final Consumer<String> warn;
    /** kind + " from " + address -> refusals since the last summary beyond the first; guarded by this. */
    private final Map<String, Long> suppressed = new LinkedHashMap<>();

    public Refusals() {
        this(LOG::warn);
    }

    /** For tests: where the WARN lines go. */
    public Refusals(Consumer<String> warn) {
        this.warn = warn;
    }

    /**
     * Counts one refusal, and logs it if it is the first of its kind from its address in this period.
     *
     * @param kind a short fixed description, e.g. {@code "failed login"}
     * @param address the caller's address
     * @param detail what exactly was refused (logged with the first one only)
     */
    public void refuse(String kind, String address, String detail) {
        count.increment();
        String key = kind + " from " + address;
        boolean first;
        synchronized (this) {
            Long seen = suppressed.get(key);
            if (seen == null && suppressed.size() >= MAX_KEYS) {
                key = kind + " from " + OVERFLOW;
                seen = suppressed.get(key);
            }
            first = seen == null;
            suppressed.put(key, first ? 0L : seen + 1);
        }
        if (first) {
            warn.accept("refused " + key + ": " + detail + " (more of these are summarized every minute)");
        }
    }

    /** Refuses on behalf of the caller of the current RMI call (its address is known to RMI). */
    public void refuse(String kind, String detail) {
        refuse(kind, callerAddress(), detail);
    }

    /** Logs how many refusals each key had since the last summary, beyond the first, and starts a new period. */
    public void summarize() {
        Map<String, Long> period;
        synchronized (this) {
            period = new LinkedHashMap<>(suppressed);
            suppressed.clear();
        }
        period.forEach((key, more) -> {
            if (more > 0) {
                warn.accept("refused " + more + " more " + key + " in the last period");
            }
        });
    }

    public long count() {
        return count.sum();
    }

    /** The caller's address while on an RMI call thread; "local" otherwise (tests, shutdown). */
    public static String callerAddress() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return "local";
        }
    }
}
