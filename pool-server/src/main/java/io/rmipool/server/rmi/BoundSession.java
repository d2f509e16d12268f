package io.rmipool.server.rmi;

import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.SessionClosedException;
import io.rmipool.api.transport.SessionCredential;
import io.rmipool.server.net.InboundConnection;
import io.rmipool.server.net.Refusals;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What every logged-in session shares, a client's ({@link Session}) or an admin's ({@link AdminSession}):
 * it is bound to its {@link SessionCredential}, so that a call is admitted only when it arrived on a
 * connection that proved it ({@link InboundConnection#isBoundTo}); an admitted call counts as activity;
 * a session without one for the {@code --session-idle-timeout} is {@linkplain #end ended} by the server's
 * housekeeping. The session does not implement {@code Unreferenced}: RMI's DGC can be told by anyone who
 * saw a client's VM id that the client let go, and may never notice a client that died.
 *
 * <p>Thread-safe: {@code closed} is an AtomicBoolean, the last call time a volatile.
 */
abstract class BoundSession {
    private static final Logger LOG = LogManager.getLogger(BoundSession.class);

    private final String clientId;
    private final String holder;
    private final SessionCredential credential;
    private final Refusals refusals;
    private final LongSupplier ticker;
    private final Consumer<BoundSession> onEnd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastCallNanos;

    /**
     * @param holder the session's name in logs and in the pool's lease table
     * @param onEnd called once when the session ends, to unexport it
     */
    BoundSession(String clientId, String holder, SessionCredential credential, Refusals refusals, LongSupplier ticker,
                 Consumer<BoundSession> onEnd) {
        this.clientId = clientId;
        this.holder = holder;
        this.credential = credential;
        this.refusals = refusals;
        this.ticker = ticker;
        this.onEnd = onEnd;
        this.lastCallNanos = ticker.getAsLong();
    }

    /**
     * Ends the session once: {@link #onEnded()} runs (a client's leases are released) and it is unexported.
     *
     * @param why for the log
     */
    final void end(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onEnded();
        onEnd.accept(this);
        LOG.info("session {} ended: {}", holder, why);
    }

    /** What ending the session must undo, before it is unexported. */
    abstract void onEnded();

    /** Admits a call: from a connection bound to this session, on an open session; then counts it as activity. */
    final void enter() throws NotAuthenticatedException, SessionClosedException {
        admitCaller();
        if (closed.get()) {
            refusals.refuse("call on a closed session", "by " + holder);
            throw new SessionClosedException("the session was closed (logged out, or idle for longer than the "
                    + "server's session idle timeout): log in again");
        }
        lastCallNanos = ticker.getAsLong();
    }

    /** Admits a call from a connection bound to this session, open or not (logout is idempotent). */
    final void admitCaller() throws NotAuthenticatedException {
        InboundConnection connection = InboundConnection.current();
        if (connection == null || !connection.isBoundTo(credential.id())) {
            refusals.refuse("unproven session call", "a call on session " + holder
                    + " from a connection that did not prove it");
            throw new NotAuthenticatedException("this connection is not authenticated for the session");
        }
    }

    final boolean isOpen() {
        return !closed.get();
    }

    final byte[] id() {
        return credential.id();
    }

    final SessionCredential credential() {
        return credential;
    }

    final String clientId() {
        return clientId;
    }

    final String holder() {
        return holder;
    }

    final long lastCallNanos() {
        return lastCallNanos;
    }
}
