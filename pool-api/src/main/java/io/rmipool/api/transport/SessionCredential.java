package io.rmipool.api.transport;

import io.rmipool.api.PoolGateway;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What binds a logged-in session to the connections that may use it. Both ends derive it from the
 * shared secret and the one-time login challenge, so it never travels:
 * <ul>
 *   <li>{@link #id()} = SHA-256({@code "rmipool session id v1"} || challenge): public, names the
 *       session in a connection's handshake;</li>
 *   <li>the key = HMAC-SHA256(secret, {@code "rmipool session key v1"} || challenge): known only to
 *       the server and the client that logged in.</li>
 * </ul>
 * Every connection that carries calls to a session opens with a proof of the key over a fresh nonce
 * of the server's ({@link ConnectionHello}). So whoever learns a session's object id and a lease token
 * (from plaintext traffic, or by relaying a login) still cannot use them: without the secret there is
 * no key, and without the key no connection is accepted for the session.
 *
 * <p>Without a secret (loopback development mode) the key is derived from a fixed all-zero secret,
 * which anyone can do: there is nothing to protect a session with then.
 *
 * <p>Immutable and thread-safe.
 */
public final class SessionCredential {
    /** Length of an id, a nonce and a proof, in bytes. */
    public static final int BYTES = 32;

    private static final byte[] NO_SECRET = new byte[PoolGateway.CHALLENGE_BYTES];
    private static final byte[] ID_LABEL = "rmipool session id v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_LABEL = "rmipool session key v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROOF_LABEL = "rmipool connection v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] id;
    private final byte[] key;

    private SessionCredential(byte[] id, byte[] key) {
        this.id = id;
        this.key = key;
    }

    /**
     * The credential of the session a login with {@code challenge} opens.
     *
     * @param secret the shared secret, or {@code null} when the server has none
     */
    public static SessionCredential derive(byte[] secret, byte[] challenge) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ID_LABEL);
            byte[] id = sha.digest(challenge);
            byte[] key = hmac(secret == null ? NO_SECRET : secret, KEY_LABEL, challenge);
            return new SessionCredential(id, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA256 are part of every Java runtime", e);
        }
    }

    /** The session's public id (a copy). */
    public byte[] id() {
        return id.clone();
    }

    /** The proof a connection for this session sends in answer to the server's {@code nonce}. */
    public byte[] proof(byte[] nonce) {
        try {
            return hmac(key, PROOF_LABEL, nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Whether {@code proof} answers {@code nonce} for this session; constant time. */
    public boolean accepts(byte[] nonce, byte[] proof) {
        return proof != null && MessageDigest.isEqual(proof(nonce), proof);
    }

    private static byte[] hmac(byte[] key, byte[] label, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(label);
        return mac.doFinal(message);
    }

    @Override
    public String toString() {
        // the id is public, the key never printed
        return "session " + Integer.toHexString(Arrays.hashCode(id));
    }
}
