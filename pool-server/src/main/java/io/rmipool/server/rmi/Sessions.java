package io.rmipool.server.rmi;

import io.rmipool.api.TooManySessionsException;
import io.rmipool.server.net.SessionVerifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions: found by their public id when a connection proves one (the
 * {@link SessionVerifier} of the server's sockets), counted against {@link SessionSettings}' caps, and
 * closed when idle.
 *
 * <p>Thread-safe: the id map is concurrent (a connection's handshake reads it without a lock); the
 * counts are guarded by {@code this}, and a place is reserved before a session is exported, so two
 * logins racing for the last place cannot both get it.
 */
final class Sessions implements SessionVerifier {
    private final SessionSettings settings;
    private final Map<ByteBuffer, BoundSession> byId = new ConcurrentHashMap<>();
    // guarded by this
    private final Map<String, Integer> perClient = new HashMap<>();
    private int reserved;

    Sessions(SessionSettings settings) {
        this.settings = settings;
    }

    /** Takes a place for one more session of {@code clientId}; give it back with {@link #release}. */
    synchronized void reserve(String clientId) throws TooManySessionsException {
        if (reserved >= settings.maxSessions()) {
            throw new TooManySessionsException("the server holds its maximum of " + settings.maxSessions()
                    + " sessions (--max-sessions); try again later");
        }
        int ofClient = perClient.getOrDefault(clientId, 0);
        if (ofClient >= settings.maxSessionsPerClient()) {
            throw new TooManySessionsException("client id '" + clientId + "' already has " + ofClient
                    + " sessions open (--max-sessions-per-client); log out of some first");
        }
        reserved++;
        perClient.put(clientId, ofClient + 1);
    }

    synchronized void release(String clientId) {
        reserved--;
        perClient.computeIfPresent(clientId, (id, n) -> n == 1 ? null : n - 1);
    }

    void add(BoundSession session) {
        byId.put(ByteBuffer.wrap(session.id()), session);
    }

    void remove(BoundSession session) {
        byId.remove(ByteBuffer.wrap(session.id()), session);
    }

    @Override
    public boolean accepts(byte[] id, byte[] nonce, byte[] proof) {
        BoundSession session = byId.get(ByteBuffer.wrap(id));
        return session != null && session.isOpen() && session.credential().accepts(nonce, proof);
    }

    /** The sessions with no call since {@code cutoffNanos} (on the server's ticker). */
    List<BoundSession> idleSince(long cutoffNanos) {
        List<BoundSession> idle = new ArrayList<>();
        for (BoundSession s : byId.values()) {
            if (s.lastCallNanos() - cutoffNanos < 0) {
                idle.add(s);
            }
        }
        return idle;
    }

    List<BoundSession> all() {
        return List.copyOf(byId.values());
    }

    int size() {
        return byId.size();
    }
}
