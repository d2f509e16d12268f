package io.rmipool.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the command line's login secret comes from: {@code --secret-file}, else the {@code POOL_SECRET}
 * environment variable, else none. Stateless and thread-safe.
 */
final class Secrets {
    static final String ENV = "POOL_SECRET";

    private Secrets() {
    }

    /**
     * @return the secret's bytes, or {@code null} when neither a file nor a non-empty variable gives one
     * @throws IllegalArgumentException when the file is missing, unreadable or empty
     */
    static byte[] load(Path file, String environmentValue) {
        if (file != null) {
            return read(file);
        }
        if (environmentValue == null || environmentValue.isEmpty()) {
            return null;
        }
        return environmentValue.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("secret file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read secret file " + file + ": " + e.getMessage());
        }
        byte[] secret = withoutTrailingNewlines(bytes);
        Arrays.fill(bytes, (byte) 0);
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret file " + file + " is empty");
        }
        return secret;
    }

    /** Editors and {@code echo} end a file with a newline that is not part of the secret. */
    static byte[] withoutTrailingNewlines(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
