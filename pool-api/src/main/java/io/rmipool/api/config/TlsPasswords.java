package io.rmipool.api.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Where the passwords of TLS key and trust stores come from, the same way for the server, the client
 * and the health check: a file ({@code --tls-keystore-password-file}, or the file named by
 * {@code POOL_TLS_KEYSTORE_PASSWORD_FILE}), else {@code POOL_TLS_KEYSTORE_PASSWORD}. Never a flag's
 * value: command lines show in {@code ps}. Stateless and thread-safe.
 */
public final class TlsPasswords {
    public static final String KEYSTORE_PASSWORD = "POOL_TLS_KEYSTORE_PASSWORD";
    public static final String KEYSTORE_PASSWORD_FILE = "POOL_TLS_KEYSTORE_PASSWORD_FILE";
    public static final String TRUSTSTORE_PASSWORD = "POOL_TLS_TRUSTSTORE_PASSWORD";

    private TlsPasswords() {
    }

    /**
     * The keystore's password.
     *
     * @param file a password file given on the command line, or null
     * @throws IllegalArgumentException when no source gives one, or the file cannot be read
     */
    public static char[] keystorePassword(Path file, Map<String, String> environment) {
        String fileVariable = environment.get(KEYSTORE_PASSWORD_FILE);
        if (file == null && fileVariable != null && !fileVariable.isEmpty()) {
            file = Path.of(fileVariable);
        }
        if (file != null) {
            return chars(Secrets.readFile(file, "TLS keystore password file " + file));
        }
        String value = environment.get(KEYSTORE_PASSWORD);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the TLS keystore's password is missing: set " + KEYSTORE_PASSWORD
                    + " or --tls-keystore-password-file");
        }
        return value.toCharArray();
    }

    /** A PKCS12 truststore's password ({@code POOL_TLS_TRUSTSTORE_PASSWORD}), or null: PEM needs none. */
    public static char[] truststorePassword(Map<String, String> environment) {
        String value = environment.get(TRUSTSTORE_PASSWORD);
        return value == null || value.isEmpty() ? null : value.toCharArray();
    }

    private static char[] chars(byte[] utf8) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(utf8));
        Arrays.fill(utf8, (byte) 0);
        return Arrays.copyOf(decoded.array(), decoded.limit());
    }
}
