package io.rmipool.api.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The few bytes every connection to a pool server starts with, after TLS (if any) and before RMI's own
 * protocol. They tell the server what the connection is for:
 * <pre>
 *   client: 'R' 'M' 'P' 'L'  version(1)  mode(1)          mode: 0 anonymous, 1 session
 *   server: status(1)  nonce(32)                           status 0: go on
 *   -- session mode only --
 *   client: session id(32)  proof(32)                      proof = {@link SessionCredential#proof}(nonce)
 *   server: status(1)                                      0: accepted, 1: unknown session or bad proof
 * </pre>
 * An <em>anonymous</em> connection may reach the registry (lookup only) and the gateway (challenge,
 * login), with small calls. A <em>session</em> connection is bound to one logged-in session: its calls
 * to that session are honoured, calls to any other session are refused. A server that does not like a
 * connection (too many from one address, not our protocol, TLS expected) closes it; the client then
 * reads end-of-stream and says so.
 *
 * <p>This class holds the constants and the client's side; the server's side is in pool-server.
 * Stateless and thread-safe.
 */
public final class ConnectionHello {
    public static final byte[] MAGIC = {'R', 'M', 'P', 'L'};
    public static final int VERSION = 1;
    public static final int MODE_ANONYMOUS = 0;
    public static final int MODE_SESSION = 1;
    public static final int STATUS_OK = 0;
    public static final int STATUS_UNKNOWN_SESSION = 1;
    /** The first byte of a TLS alert or handshake record: a TLS server answering plain text. */
    private static final int TLS_ALERT = 0x15;
    private static final int TLS_HANDSHAKE = 0x16;
    /** Bytes of the client's opening: magic, version, mode. */
    public static final int OPENING_BYTES = MAGIC.length + 2;

    private ConnectionHello() {
    }

    /**
     * Runs the client's side on a connected socket (a read timeout should be set).
     *
     * @param credential the session this connection is for, or {@code null} for an anonymous connection
     * @throws SessionRefusedException when the server does not know the session (it ended or the server restarted)
     * @throws IOException when the server closed the connection or answered something else
     */
    public static void client(Socket socket, SessionCredential credential) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] opening = new byte[OPENING_BYTES];
        System.arraycopy(MAGIC, 0, opening, 0, MAGIC.length);
        opening[MAGIC.length] = VERSION;
        opening[MAGIC.length + 1] = (byte) (credential == null ? MODE_ANONYMOUS : MODE_SESSION);
        out.write(opening);
        out.flush();
        byte[] nonce = new byte[SessionCredential.BYTES];
        try {
            int status = in.readUnsignedByte();
            if (status == TLS_ALERT || status == TLS_HANDSHAKE) {
                throw new IOException("the server speaks TLS: connect with TLS (--tls-truststore FILE, or --tls)");
            }
            if (status != STATUS_OK) {
                throw new IOException("the server answered the connection handshake with status " + status);
            }
            in.readFully(nonce);
        } catch (EOFException e) {
            throw new IOException("the server closed the connection during the handshake (it may require TLS, "
                    + "or refuse more connections from this address)", e);
        }
        if (credential == null) {
            return;
        }
        byte[] answer = new byte[2 * SessionCredential.BYTES];
        System.arraycopy(credential.id(), 0, answer, 0, SessionCredential.BYTES);
        System.arraycopy(credential.proof(nonce), 0, answer, SessionCredential.BYTES, SessionCredential.BYTES);
        out.write(answer);
        out.flush();
        int verdict;
        try {
            verdict = in.readUnsignedByte();
        } catch (EOFException e) {
            throw new IOException("the server closed the connection during the session handshake", e);
        }
        if (verdict == STATUS_UNKNOWN_SESSION) {
            throw new SessionRefusedException();
        }
        if (verdict != STATUS_OK) {
            throw new IOException("the server answered the session handshake with status " + verdict);
        }
    }
}
