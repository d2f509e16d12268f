package io.rmipool.server.rmi;

import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.LoginMac;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import java.rmi.RemoteException;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The registry-bound entry point: issues challenges and turns a good login into an exported
 * {@link Session}. Thread-safe.
 */
final class Gateway implements PoolGateway {
    private static final Logger LOG = LogManager.getLogger(Gateway.class);
    private static final int MAX_CLIENT_ID_LENGTH = 128;

    private final byte[] secret;
    private final Challenges challenges;
    private final SessionExporter sessions;
    private final Refusals refusals;
    private final AtomicLong sessionNumbers = new AtomicLong();

    /** Exports a new session; implemented by {@link RmiPoolServer}. */
    interface SessionExporter {
        PoolSession export(String clientId, String holder) throws RemoteException;
    }

    /** @param secret the shared secret, or null to accept any mac */
    Gateway(byte[] secret, Challenges challenges, SessionExporter sessions, Refusals refusals) {
        this.secret = secret == null ? null : secret.clone();
        this.challenges = challenges;
        this.sessions = sessions;
        this.refusals = refusals;
    }

    @Override
    public byte[] challenge() {
        return challenges.issue();
    }

    @Override
    public PoolSession login(String clientId, byte[] challenge, byte[] mac)
            throws NotAuthenticatedException, RemoteException {
        if (!validClientId(clientId)) {
            refusals.refuse("login with an invalid client id (1 to " + MAX_CLIENT_ID_LENGTH + " printable characters)");
            throw new NotAuthenticatedException("authentication failed: invalid client id");
        }
        // Redeem first, whatever the mac: a challenge is good for exactly one attempt.
        boolean fresh = challenges.redeem(challenge);
        if (!fresh || !macMatches(challenge, mac)) {
            refusals.refuse("login of '" + clientId + "' failed ("
                    + (fresh ? "wrong secret" : "unknown, used or expired challenge") + ")");
            throw new NotAuthenticatedException("authentication failed");
        }
        String holder = clientId + "#" + sessionNumbers.incrementAndGet();
        PoolSession session = sessions.export(clientId, holder);
        LOG.info("session {} opened from {}", holder, Refusals.callerAddress());
        return session;
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
