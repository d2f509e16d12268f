package io.rmipool.server.rmi;

import io.rmipool.api.LoginMac;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolSession;
import io.rmipool.api.TooManySessionsException;
import io.rmipool.api.transport.SessionCredential;
import io.rmipool.server.metrics.PoolMetrics;
import io.rmipool.server.net.Refusals;
import java.rmi.RemoteException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The registry-bound entry point: issues challenges and turns a good login into an exported
 * {@link Session} bound to the login's {@link SessionCredential}. Failed logins are throttled per
 * address ({@link LoginThrottle}). Thread-safe.
 */
final class Gateway implements PoolGateway {
    private static final Logger LOG = LogManager.getLogger(Gateway.class);
    private static final int MAX_CLIENT_ID_LENGTH = 128;

    private final byte[] secret;
    private final byte[] adminSecret;
    private final Challenges challenges;
    private final LoginThrottle throttle;
    private final PoolMetrics metrics;
    private final SessionOpener sessions;
    private final Refusals refusals;

    private final AdminOpener admins;

    /** Opens (exports) a session; implemented by {@link RmiPoolServer}. */
    interface SessionOpener {
        PoolSession open(String clientId, SessionCredential credential) throws TooManySessionsException, RemoteException;
    }

    /** Opens (exports) an admin session; implemented by {@link RmiPoolServer}. */
    interface AdminOpener {
        PoolAdmin open(String clientId, SessionCredential credential) throws TooManySessionsException, RemoteException;
    }

    /**
     * @param secret the shared secret, or null to accept any mac
     * @param adminSecret the admin secret, or null: admin logins are refused
     */
    Gateway(byte[] secret, byte[] adminSecret, Challenges challenges, LoginThrottle throttle, SessionOpener sessions,
            AdminOpener admins, Refusals refusals, PoolMetrics metrics) {
        this.metrics = metrics;
        this.secret = secret == null ? null : secret.clone();
        this.adminSecret = adminSecret == null ? null : adminSecret.clone();
        this.admins = admins;
        this.challenges = challenges;
        this.throttle = throttle;
        this.sessions = sessions;
        this.refusals = refusals;
    }

    @Override
    public byte[] challenge() throws NotAuthenticatedException {
        String address = Refusals.callerAddress();
        refuseIfLockedOut(address);
        byte[] challenge = challenges.issue(address);
        if (challenge == null) {
            refusals.refuse("challenge", address, "more than " + Challenges.MAX_OUTSTANDING_PER_ADDRESS
                    + " unused challenges");
            throw new NotAuthenticatedException("too many unused login challenges from this address; try again later");
        }
        return challenge;
    }

    @Override
    public PoolSession login(String clientId, byte[] challenge, byte[] mac)
            throws NotAuthenticatedException, TooManySessionsException, RemoteException {
        String address = Refusals.callerAddress();
        authenticate("login", clientId, challenge, mac, secret, address);
        PoolSession session = sessions.open(clientId, SessionCredential.derive(secret, challenge));
        LOG.info("session of '{}' opened from {}", clientId, address);
        return session;
    }

    @Override
    public PoolAdmin adminLogin(String clientId, byte[] challenge, byte[] mac)
            throws NotAuthenticatedException, TooManySessionsException, RemoteException {
        String address = Refusals.callerAddress();
        if (adminSecret == null) {
            challenges.redeem(challenge);
            metrics.loginFailed();
            refusals.refuse("failed admin login", address, "admin operations are disabled (no admin secret)");
            throw new NotAuthenticatedException("admin operations are disabled on this server: it was started "
                    + "without --admin-secret-file (or POOL_ADMIN_SECRET)");
        }
        authenticate("admin login", clientId, challenge, mac, adminSecret, address);
        PoolAdmin admin = admins.open(clientId, SessionCredential.derive(adminSecret, challenge));
        LOG.info("admin session of '{}' opened from {}", clientId, address);
        return admin;
    }

    /**
     * Checks a login: a valid client id, an address not locked out, a fresh challenge (redeemed whatever
     * the outcome: a challenge is good for exactly one attempt) and the mac of {@code key} over it.
     */
    private void authenticate(String kind, String clientId, byte[] challenge, byte[] mac, byte[] key, String address)
            throws NotAuthenticatedException {
        if (!validClientId(clientId)) {
            metrics.loginFailed();
            refusals.refuse("failed " + kind, address, "an invalid client id (1 to " + MAX_CLIENT_ID_LENGTH
                    + " printable characters)");
            throw new NotAuthenticatedException("authentication failed: invalid client id");
        }
        refuseIfLockedOut(address);
        boolean fresh = challenges.redeem(challenge);
        if (!fresh || !macMatches(key, challenge, mac)) {
            throttle.failed(address);
            metrics.loginFailed();
            refusals.refuse("failed " + kind, address, "'" + clientId + "': "
                    + (fresh ? "wrong secret" : "unknown, used or expired challenge"));
            throw new NotAuthenticatedException("authentication failed");
        }
        throttle.succeeded(address);
    }

    private void refuseIfLockedOut(String address) throws NotAuthenticatedException {
        long lockedFor = throttle.lockedOutFor(address);
        if (lockedFor > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(lockedFor + TimeUnit.SECONDS.toNanos(1) - 1));
            metrics.loginFailed();
            refusals.refuse("locked-out login", address, "locked out after failed logins");
            throw new NotAuthenticatedException("too many failed logins from this address; try again in "
                    + seconds + " s");
        }
    }

    /** @param key the secret the mac must be made with; null accepts any mac (a client login without a secret) */
    private static boolean macMatches(byte[] key, byte[] challenge, byte[] mac) {
        if (key == null) {
            return true;
        }
        return mac != null && MessageDigest.isEqual(LoginMac.compute(key, challenge), mac);
    }

    private static boolean validClientId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_CLIENT_ID_LENGTH
                && id.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
