package io.rmipool.server.net;

import io.rmipool.api.transport.ConnectionHello;
import io.rmipool.api.transport.SessionCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted client connection, as the server sees it: who it is from, what its
 * {@linkplain ConnectionHello handshake} made it (anonymous, or bound to one session), and the
 * {@link JrmpInspector} that follows its calls.
 *
 * <p>RMI serves all calls of a connection on one thread, which reads the call before running it. The
 * connection's input stream makes itself {@linkplain #current() current} on that thread at every read,
 * so code running a call asks {@code InboundConnection.current()} which connection the call came on:
 * that is how a session refuses calls that did not come over a connection bound to it.
 *
 * <p>Confined to its connection's RMI thread, except {@link #current()}'s thread-local and the
 * {@link #afterReply} action, which a close from any thread may run.
 */
public final class InboundConnection {
    private static final ThreadLocal<InboundConnection> CURRENT = new ThreadLocal<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The budget of one call before login: lookups, challenges, logins and DGC calls are a few hundred bytes. */
    static final long ANONYMOUS_CALL_BYTES = 8 << 10;

    private final String address;
    private final SessionVerifier sessions;
    private final long sessionCallBytes;
    private JrmpInspector inspector;
    /** The session this connection proved, or null (anonymous). */
    private byte[] sessionId;
    /** Runs once the answer to the current call has been flushed; null when nothing waits for it. Atomic: a close may come from any thread. */
    private final AtomicReference<Runnable> afterReply = new AtomicReference<>();

    InboundConnection(String address, SessionVerifier sessions, long sessionCallBytes) {
        this.address = address;
        this.sessions = sessions;
        this.sessionCallBytes = sessionCallBytes;
    }

    /** The connection whose call this thread is running, or null outside RMI calls. */
    public static InboundConnection current() {
        return CURRENT.get();
    }

    /** What the current call may still bring; unlimited outside a guarded connection. */
    public static long currentRemainingCallBytes() {
        InboundConnection c = CURRENT.get();
        return c == null || c.inspector == null ? Long.MAX_VALUE : c.inspector.remainingCallBytes();
    }

    public String address() {
        return address;
    }

    /** Whether this connection proved the credential of session {@code id}. */
    public boolean isBoundTo(byte[] id) {
        return sessionId != null && Arrays.equals(sessionId, id);
    }

    /**
     * Runs {@code action} once the answer to the call it is running has been
     * written and flushed: e.g. stopping the server after a drain, which must not cut off the drain's
     * answer. RMI flushes a connection once per answer, after writing all of it. Runs as well when the
     * connection closes first (the caller went away).
     */
    public void afterReply(Runnable action) {
        afterReply.set(action);
    }

    /**
     * The connection's output was flushed (an answer is on its way), or the connection closed (no answer
     * will be: the caller went away, and what waited for the answer must not wait for ever).
     */
    void answered() {
        Runnable action = afterReply.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    void makeCurrent() {
        CURRENT.set(this);
    }

    /**
     * The server's side of the {@link ConnectionHello}, on the raw streams, before any RMI byte.
     *
     * @throws RefusedInputException when the client is not one of ours or proves no known session
     */
    void hello(InputStream in, OutputStream out) throws IOException {
        byte[] opening = readFully(in, ConnectionHello.OPENING_BYTES);
        for (int i = 0; i < ConnectionHello.MAGIC.length; i++) {
            if (opening[i] != ConnectionHello.MAGIC[i]) {
                throw new RefusedInputException("foreign protocol",
                        "not an RMI Pool client (another protocol, or plain text sent to a TLS port)");
            }
        }
        int version = opening[ConnectionHello.MAGIC.length];
        int mode = opening[ConnectionHello.MAGIC.length + 1];
        if (version != ConnectionHello.VERSION
                || (mode != ConnectionHello.MODE_ANONYMOUS && mode != ConnectionHello.MODE_SESSION)) {
            throw new RefusedInputException("foreign protocol", "handshake version " + version + " mode " + mode);
        }
        byte[] nonce = new byte[SessionCredential.BYTES];
        RANDOM.nextBytes(nonce);
        byte[] answer = new byte[1 + nonce.length];
        answer[0] = ConnectionHello.STATUS_OK;
        System.arraycopy(nonce, 0, answer, 1, nonce.length);
        out.write(answer);
        out.flush();
        if (mode == ConnectionHello.MODE_SESSION) {
            byte[] claim = readFully(in, 2 * SessionCredential.BYTES);
            byte[] id = Arrays.copyOfRange(claim, 0, SessionCredential.BYTES);
            byte[] proof = Arrays.copyOfRange(claim, SessionCredential.BYTES, claim.length);
            boolean accepted = sessions.accepts(id, nonce, proof);
            out.write(accepted ? ConnectionHello.STATUS_OK : ConnectionHello.STATUS_UNKNOWN_SESSION);
            out.flush();
            if (!accepted) {
                throw new RefusedInputException("unproven session",
                        "a connection for an unknown or ended session, or with a wrong proof");
            }
            sessionId = id;
        }
        inspector = new JrmpInspector(sessionId == null ? ANONYMOUS_CALL_BYTES : sessionCallBytes);
    }

    JrmpInspector inspector() {
        return inspector;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new RefusedInputException("foreign protocol", "the connection ended during the handshake");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "connection from " + address + (sessionId == null ? " (anonymous)" : " (session)");
    }
}
