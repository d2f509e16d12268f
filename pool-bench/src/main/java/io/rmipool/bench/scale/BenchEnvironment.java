package io.rmipool.bench.scale;

import io.rmipool.api.PoolException;
import io.rmipool.api.PoolStats;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolClient;
import io.rmipool.client.ServerUnreachableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What every part of the benchmark shares: the server jar and its JVM options, the directory for logs,
 * and a fresh random secret that the server requires and every client proves (so each login takes the
 * real challenge-response path).
 *
 * @param serverJar {@code pool-server.jar}
 * @param serverJvmOptions options for the server's JVM (none: the JDK's defaults, as in production)
 * @param workDir where the server's and the clients' logs go
 * @param secret the shared secret, as {@code POOL_SECRET} carries it
 */
record BenchEnvironment(Path serverJar, List<String> serverJvmOptions, Path workDir, String secret) {

    static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Starts a server for part {@code name}, logging to {@code <name>-server.log}. */
    ServerProcess startServer(String name, List<String> flags) throws IOException {
        return ServerProcess.start(serverJar, serverJvmOptions, flags, secret, workDir.resolve(name + "-server.log"));
    }

    /** Client JVMs for part {@code name}, their stderr in a new {@code <name>-<role>s.log}. */
    ChildJvms children(String name, String role, String heap) throws IOException {
        Path log = workDir.resolve(name + "-" + role.replace(' ', '-') + "s.log");
        Files.deleteIfExists(log);
        return new ChildJvms(role, heap, Map.of("POOL_SECRET", secret), log);
    }

    /** The server's stats through {@code monitor}; a failure of the call is an IOException, for {@link Poll}. */
    static PoolStats stats(PoolClient monitor) throws IOException {
        try {
            return monitor.stats();
        } catch (PoolException | ServerUnreachableException e) {
            throw new IOException("the stats call failed: " + e.getMessage(), e);
        }
    }

    /** A client in this JVM, logged in to the server on {@code port} as {@code clientId}. */
    PoolClient connect(int port, String clientId) throws PoolException, ServerUnreachableException {
        return PoolClient.connect(new ClientSettings(ParentLink.HOST, port, ClientSettings.DEFAULT_NAME,
                secret.getBytes(StandardCharsets.UTF_8), clientId, ParentLink.CONNECT_TIMEOUT));
    }
}
