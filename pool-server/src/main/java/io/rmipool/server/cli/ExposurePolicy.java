package io.rmipool.server.cli;

import io.rmipool.api.config.Secrets;
import java.net.InetAddress;

/**
 * What the server's one port may be exposed to, decided before anything listens:
 * <ul>
 *   <li>a secret, when there is one, has at least {@link Secrets#MIN_BYTES} bytes;</li>
 *   <li>a bind address that is not loopback (including the wildcard) needs a secret, and TLS unless
 *       {@code --plaintext} asks for plain text on purpose, which is then logged as a WARN;</li>
 *   <li>mutual TLS needs TLS, and {@code --plaintext} contradicts TLS.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class ExposurePolicy {
    private ExposurePolicy() {
    }

    /**
     * @param bindText the {@code --bind} value as given, for messages
     * @param secret the shared secret, or null
     * @return a warning to log, or null
     * @throws IllegalArgumentException with one line saying what to do, when the combination is refused
     */
    static String check(InetAddress bind, String bindText, byte[] secret, boolean keystore, boolean truststore,
                        boolean plaintext) {
        if (secret != null && secret.length < Secrets.MIN_BYTES) {
            throw new IllegalArgumentException("the shared secret has " + secret.length + " bytes; at least "
                    + Secrets.MIN_BYTES + " are required (scripts/new-secret.sh makes a good one)");
        }
        if (truststore && !keystore) {
            throw new IllegalArgumentException("--tls-truststore (mutual TLS) needs --tls-keystore");
        }
        if (plaintext && keystore) {
            throw new IllegalArgumentException("--plaintext and --tls-keystore contradict each other");
        }
        if (bind.isLoopbackAddress()) {
            return null;
        }
        String where = "--bind " + bindText + (bind.isAnyLocalAddress() ? " (every interface)" : "");
        if (secret == null) {
            throw new IllegalArgumentException(where + " is not loopback: a shared secret is required "
                    + "(--secret-file, POOL_SECRET_FILE or POOL_SECRET; scripts/new-secret.sh makes one)");
        }
        if (!keystore && !plaintext) {
            throw new IllegalArgumentException(where + " is not loopback: TLS is required (--tls-keystore; "
                    + "scripts/dev-tls.sh makes a development CA and keystores), or --plaintext to serve plain "
                    + "text on purpose");
        }
        return keystore ? null : "serving " + where + " in plain text (--plaintext): SQL, results, tokens and "
                + "session ids can be read by anyone on the path";
    }
}
