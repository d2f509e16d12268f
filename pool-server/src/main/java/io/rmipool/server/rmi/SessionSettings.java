package io.rmipool.server.rmi;

import java.time.Duration;

/**
 * Bounds on logged-in sessions, validated once.
 *
 * @param maxSessions sessions open at once, in all
 * @param maxSessionsPerClient sessions open at once under one client id (a client that logs in in a loop
 *     without logging out reaches this first)
 * @param idleTimeout a session with no call for this long is closed and its leases released; the DGC is
 *     not relied on (it may never notice a client that died)
 */
public record SessionSettings(int maxSessions, int maxSessionsPerClient, Duration idleTimeout) {
    public static final int DEFAULT_MAX_SESSIONS = 1_000;
    public static final int DEFAULT_MAX_SESSIONS_PER_CLIENT = 64;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    public SessionSettings {
        if (maxSessions < 1 || maxSessions > 100_000) {
            throw new IllegalArgumentException("max-sessions must be between 1 and 100000, got " + maxSessions);
        }
        if (maxSessionsPerClient < 1 || maxSessionsPerClient > maxSessions) {
            throw new IllegalArgumentException("max-sessions-per-client must be between 1 and max-sessions ("
                    + maxSessions + "), got " + maxSessionsPerClient);
        }
        if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("session-idle-timeout must be at least 1s, got " + idleTimeout.toMillis() + "ms");
        }
    }

    public static SessionSettings defaults() {
        return new SessionSettings(DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_CLIENT, DEFAULT_IDLE_TIMEOUT);
    }
}
