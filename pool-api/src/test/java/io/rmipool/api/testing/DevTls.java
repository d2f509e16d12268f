package io.rmipool.api.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Development TLS material made by the project's own {@code scripts/dev-tls.sh}, once per test JVM (the
 * script runs keytool a dozen times, ~4 s), in a temporary directory removed at exit. Shared by the
 * tests of every module (pool-api's test jar). Thread-safe.
 */
public final class DevTls {
    private static DevTls instance;

    private final Path dir;

    private DevTls(Path dir) {
        this.dir = dir;
    }

    /** The material, made on first use. */
    public static synchronized DevTls get() {
        if (instance == null) {
            instance = new DevTls(make());
        }
        return instance;
    }

    /** Runs {@code scripts/dev-tls.sh DIR HOSTS...} into a fresh temporary directory. */
    public static Path makeInto(Path dir, String... hosts) {
        List<String> command = new ArrayList<>(List.of("sh", script().toString(), dir.toString()));
        command.addAll(List.of(hosts));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/dev-tls.sh failed: " + output);
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/dev-tls.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path make() {
        try {
            Path dir = Files.createTempDirectory("rmipool-dev-tls");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return makeInto(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a temporary directory", e);
        }
    }

    /** The repository's {@code scripts/dev-tls.sh}, found from the module's working directory. */
    public static Path script() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("scripts").resolve("dev-tls.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/dev-tls.sh not found above " + Path.of("").toAbsolutePath());
    }

    public static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    public Path dir() {
        return dir;
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    public Path caKeystore() {
        return dir.resolve("ca.p12");
    }

    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    public Path passwordFile() {
        return dir.resolve("password");
    }

    public char[] password() {
        try {
            return Files.readString(passwordFile()).strip().toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
