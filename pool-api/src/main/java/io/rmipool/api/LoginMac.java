package io.rmipool.api;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proof a client sends with a login challenge (see {@link PoolGateway}); both ends compute it
 * with this one method. Stateless and thread-safe. (Not a static method of the remote interface:
 * RMI refuses remote interfaces with static methods.)
 */
public final class LoginMac {
    private LoginMac() {
    }

    /**
     * HMAC-SHA256(secret, challenge), or {@link PoolGateway#CHALLENGE_BYTES} zero bytes when there is
     * no secret (accepted only by a server that has none either).
     */
    public static byte[] compute(byte[] secret, byte[] challenge) {
        if (secret == null) {
            return new byte[PoolGateway.CHALLENGE_BYTES];
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return hmac.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
