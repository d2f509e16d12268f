package io.rmipool.api;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * The only object bound in the server's RMI registry: the door to the pool.
 *
 * <p>Login is a challenge-response, shaped like Python's {@code multiprocessing} authkey and JMX's
 * authenticator: the client asks for a fresh random {@link #challenge()}, computes
 * {@link LoginMac#compute HMAC-SHA256(secret, challenge)} and calls {@link #login(String, byte[], byte[])} with both.
 * A challenge is good for one login attempt and expires after a minute, so a recorded login cannot
 * be replayed. The secret itself never travels.
 *
 * <p>When the server runs without a secret (only allowed on a loopback address), any {@code mac} is
 * accepted (the server says so in a WARN line at start), but the challenge must still be one the server
 * issued.
 *
 * <p>Logins are throttled per caller address: after a few failures in a row, an address gets neither
 * challenges nor logins for a while that doubles with every further failure (up to a minute); the
 * refusal says how long. A login also derives the session's credential from the challenge (see
 * {@link io.rmipool.api.transport.SessionCredential}): only connections that prove it may use the
 * session.
 *
 * <p>Every call runs on its own server thread; implementations are thread-safe.
 */
public interface PoolGateway extends Remote {

    /** Length in bytes of a challenge, and of an HMAC-SHA256 result. */
    int CHALLENGE_BYTES = 32;

    /**
     * Returns a fresh random challenge of {@link #CHALLENGE_BYTES} bytes, valid for one login.
     *
     * @throws NotAuthenticatedException when the caller's address is locked out after failed logins, or
     *     holds too many unused challenges
     */
    byte[] challenge() throws NotAuthenticatedException, RemoteException;

    /**
     * Logs a client in and exports a session for it.
     *
     * @param clientId a name for logs and stats (1 to 128 printable characters), e.g. {@code host/pid}
     * @param challenge a challenge returned by {@link #challenge()}, not yet used
     * @param mac {@code HMAC-SHA256(secret, challenge)}
     * @return a remote session, exported on the server's one port
     * @throws NotAuthenticatedException when the challenge is unknown, used or expired, or the mac is
     *     wrong (the message says no more than "authentication failed"), or the address is locked out
     * @throws TooManySessionsException when the server holds as many sessions as it allows, in all or for
     *     this client id
     */
    PoolSession login(String clientId, byte[] challenge, byte[] mac)
            throws NotAuthenticatedException, TooManySessionsException, RemoteException;

    /**
     * Logs an admin in: like {@link #login}, with {@code mac = HMAC-SHA256(admin secret, challenge)}. The
     * admin secret is the server's {@code --admin-secret-file}, not the clients' secret.
     *
     * @throws NotAuthenticatedException when the server has no admin secret (admin operations are
     *     disabled), or as for {@link #login}
     */
    PoolAdmin adminLogin(String clientId, byte[] challenge, byte[] mac)
            throws NotAuthenticatedException, TooManySessionsException, RemoteException;
}
