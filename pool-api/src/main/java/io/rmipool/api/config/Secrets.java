package io.rmipool.api.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The one reader of the shared login secret (and of the admin secret), used by the server, the client
 * and the container health check alike, so that all three agree on what the secret is.
 *
 * <p>Sources, first match wins: a file given on the command line ({@code --secret-file}), the file named
 * by {@code POOL_SECRET_FILE} (how Docker and Kubernetes secrets arrive, e.g. under
 * {@code /run/secrets/}), the value of {@code POOL_SECRET}. Trailing newlines ({@code \n}, {@code \r}) are
 * not part of the secret wherever it comes from: editors, {@code echo} and {@code $(cat ...)} add them.
 * An empty {@code POOL_SECRET} means none ({@code POOL_SECRET=} is how Compose passes "unset").
 *
 * <p>Stateless and thread-safe.
 */
public final class Secrets {
    /** The variable holding the secret itself. */
    public static final String ENV = "POOL_SECRET";
    /** The variable naming a file that holds the secret. */
    public static final String ENV_FILE = "POOL_SECRET_FILE";
    /** The variable holding the admin secret itself. */
    public static final String ADMIN_ENV = "POOL_ADMIN_SECRET";
    /** The variable naming a file that holds the admin secret. */
    public static final String ADMIN_ENV_FILE = "POOL_ADMIN_SECRET_FILE";
    /**
     * The shortest secret a server accepts. An HMAC login lets an eavesdropper who recorded one
     * (challenge, proof) pair test guesses offline, so a secret must be long and random; see
     * {@code scripts/new-secret.sh}.
     */
    public static final int MIN_BYTES = 16;

    private Secrets() {
    }

    /**
     * The secret from {@code file}, else from {@code POOL_SECRET_FILE} or {@code POOL_SECRET} in
     * {@code environment}.
     *
     * @return the secret's bytes, or {@code null} when no source gives one
     * @throws IllegalArgumentException naming the source when a file is missing, unreadable or empty, or
     *     when both variables are set
     */
    public static byte[] load(Path file, Map<String, String> environment) {
        return load(file, environment, ENV, ENV_FILE, "secret file");
    }

    /**
     * The admin secret, read like the shared secret: from {@code file} (the {@code --admin-secret-file}
     * option), else from {@code POOL_ADMIN_SECRET_FILE} or {@code POOL_ADMIN_SECRET}.
     *
     * @return the secret's bytes, or {@code null} when no source gives one
     */
    public static byte[] loadAdmin(Path file, Map<String, String> environment) {
        return load(file, environment, ADMIN_ENV, ADMIN_ENV_FILE, "admin secret file");
    }

    private static byte[] load(Path file, Map<String, String> environment, String valueVariable,
                               String fileVariableName, String what) {
        if (file != null) {
            return readFile(file, what + " " + file);
        }
        String fileVariable = environment.get(fileVariableName);
        String value = environment.get(valueVariable);
        boolean hasFile = fileVariable != null && !fileVariable.isEmpty();
        boolean hasValue = value != null && !value.isEmpty();
        if (hasFile && hasValue) {
            throw new IllegalArgumentException("both " + valueVariable + " and " + fileVariableName + " are set; set only one");
        }
        if (hasFile) {
            return readFile(Path.of(fileVariable), what + " " + fileVariable + " (" + fileVariableName + ")");
        }
        if (!hasValue) {
            return null;
        }
        byte[] secret = withoutTrailingNewlines(value.getBytes(StandardCharsets.UTF_8));
        return secret.length == 0 ? null : secret;
    }

    /** {@link #load} from this process's environment. */
    public static byte[] fromEnvironment(Path file) {
        return load(file, System.getenv());
    }

    /**
     * A password or secret kept in a file, without its trailing newlines.
     *
     * @param what how messages name the file, e.g. {@code "secret file /run/secrets/pool"}
     * @throws IllegalArgumentException when the file is missing, unreadable or empty
     */
    public static byte[] readFile(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + ": " + e.getMessage());
        }
        byte[] secret = withoutTrailingNewlines(bytes);
        Arrays.fill(bytes, (byte) 0);
        if (secret.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return secret;
    }

    /** {@code bytes} without the newlines at its end. */
    public static byte[] withoutTrailingNewlines(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
