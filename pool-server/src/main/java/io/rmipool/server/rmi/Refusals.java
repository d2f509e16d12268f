package io.rmipool.server.rmi;

import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Counts and logs the calls the RMI layer refuses (failed logins, rejected payloads, calls on a
 * closed session), each at WARN with the caller's address. Thread-safe.
 */
final class Refusals {
    private static final Logger LOG = LogManager.getLogger(Refusals.class);

    private final LongAdder count = new LongAdder();

    void refuse(String what) {
        count.increment();
        LOG.warn("refused call from {}: {}", callerAddress(), what);
    }

    long count() {
        return count.sum();
    }

    /** The caller's address while on an RMI call thread; "local" otherwise (tests, shutdown). */
    static String callerAddress() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return "local";
        }
    }
}
