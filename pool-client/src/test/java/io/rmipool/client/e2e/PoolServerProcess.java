package io.rmipool.client.e2e;

import io.rmipool.api.PoolStats;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real {@code pool-server.jar} process on a free loopback port, ready when constructed. */
final class PoolServerProcess implements AutoCloseable {
    final int port;
    final JavaProcess process;
    private final String secret;
    private PoolClient observer;

    private PoolServerProcess(int port, JavaProcess process, String secret) {
        this.port = port;
        this.process = process;
        this.secret = secret;
    }

    /** Starts a server with {@code args} (plus {@code --port}); {@code secret} may be null. */
    static PoolServerProcess start(String secret, String... args) throws IOException {
        return start(secret, Map.of(), args);
    }

    /** Starts a server with extra environment variables, e.g. the database credentials. */
    static PoolServerProcess start(String secret, Map<String, String> variables, String... args) throws IOException {
        return startOn(freePort(), secret, variables, args);
    }

    /** Starts a server on {@code port}: e.g. the one of a server that was killed, as a restart does. */
    static PoolServerProcess startOn(int port, String secret, Map<String, String> variables, String... args)
            throws IOException {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port)));
        all.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(variables);
        if (secret != null) {
            env.put("POOL_SECRET", secret);
        }
        JavaProcess process = JavaProcess.start(JavaProcess.SERVER_JAR, env, all.toArray(String[]::new));
        PoolServerProcess server = new PoolServerProcess(port, process, secret);
        try {
            process.awaitLine(line -> line.contains("ready") && line.contains(":" + port + "/pool"),
                    Duration.ofSeconds(30));
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Waits for the server process to exit on its own; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** The server process: its output, or a signal. */
    JavaProcess process() {
        return process;
    }

    String address() {
        return "localhost:" + port;
    }

    int port() {
        return port;
    }

    /** The pool's stats, asked in this JVM through the client library (fast enough to poll). */
    PoolStats stats() throws Exception {
        if (observer == null) {
            observer = PoolClient.connect(new ClientSettings("localhost", port, "pool",
                    secret == null ? null : secret.getBytes(StandardCharsets.UTF_8), "it-observer",
                    Duration.ofSeconds(5)));
        }
        return observer.stats();
    }

    @Override
    public void close() {
        if (observer != null) {
            try {
                observer.close();
            } catch (Exception e) {
                // the server may already be gone
            }
        }
        process.close();
    }
}
