package io.rmipool.server.rmi;

import io.rmipool.api.LoginMac;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolGateway;
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
    private final Challenges challenges;
    private final LoginThrottle throttle;
    private final PoolMetrics metrics;
    private final SessionOpener sessions;
    private final Refusals refusals;

    /** Opens (exports) a session; implemented by {@link RmiPoolServer}. */
    interface SessionOpener {
        PoolSession open(String clientId, SessionCredential credential) throws TooManySessionsException, RemoteException;
    }

    /** @param secret the shared secret, or null to accept any mac */
    Gateway(byte[] secret, Challenges challenges, LoginThrottle throttle, SessionOpener sessions, Refusals refusals,
            PoolMetrics metrics) {
        this.metrics = metrics;
        this.secret = secret == null ? null : secret.clone();
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
        if (!validClientId(clientId)) {
            metrics.loginFailed();
            refusals.refuse("failed login", address, "an invalid client id (1 to " + MAX_CLIENT_ID_LENGTH
                    + " printable characters)");
            throw new NotAuthenticatedException("authentication failed: invalid client id");
        }
        refuseIfLockedOut(address);
        // Redeem first, whatever the mac: a challenge is good for exactly one attempt.
        boolean fresh = challenges.redeem(challenge);
        if (!fresh || !macMatches(challenge, mac)) {
            throttle.failed(address);
            metrics.loginFailed();
            refusals.refuse("failed login", address, "'" + clientId + "': "
                    + (fresh ? "wrong secret" : "unknown, used or expired challenge"));
            throw new NotAuthenticatedException("authentication failed");
        }
        throttle.succeeded(address);
        PoolSession session = sessions.open(clientId, SessionCredential.derive(secret, challenge));
        LOG.info("session of '{}' opened from {}", clientId, address);
        return session;
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

    private boolean macMatches(byte[] challenge, byte[] mac) {
        if (secret == null) {
            return true;
        }
        return mac != null && MessageDigest.isEqual(LoginMac.compute(secret, challenge), mac);
    }

    private static boolean validClientId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_CLIENT_ID_LENGTH
                && id.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
