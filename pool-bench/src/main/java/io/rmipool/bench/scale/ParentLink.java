package io.rmipool.bench.scale;

import io.rmipool.api.config.Secrets;
import io.rmipool.client.ClientSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM's side of the {@link ChildJvms} protocol: the commands the benchmark writes to its stdin
 * ({@code go}, {@code end}), each a latch, and its lines to stdout. When stdin ends before {@code end}
 * (the benchmark died), the child exits with {@link #EXIT_ORPHANED}, so no child outlives the benchmark.
 * Thread-safe.
 */
final class ParentLink {
    static final int EXIT_ORPHANED = 3;
    /** Where every child connects: the benchmark's server listens on loopback only. */
    static final String HOST = "127.0.0.1";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, CountDownLatch> commands = new ConcurrentHashMap<>();

    private ParentLink() {
    }

    /** Starts reading stdin on a daemon thread. */
    static ParentLink start() {
        ParentLink link = new ParentLink();
        Thread reader = new Thread(link::read, "parent-link");
        reader.setDaemon(true);
        reader.start();
        return link;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                latch(line.trim()).countDown();
                if (line.trim().equals("end")) {
                    return;
                }
            }
        } catch (IOException e) {
            // treated as the end of input
        }
        System.err.println("scale benchmark child: the benchmark went away; exiting");
        System.exit(EXIT_ORPHANED);
    }

    private CountDownLatch latch(String command) {
        return commands.computeIfAbsent(command, c -> new CountDownLatch(1));
    }

    /** Blocks until the benchmark sent {@code command}. */
    void await(String command) throws InterruptedException {
        latch(command).await();
    }

    /** Prints one protocol line. */
    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Settings for the benchmark's server on {@code port}, with the secret from {@code POOL_SECRET}. */
    static ClientSettings settings(int port, String clientId) {
        return new ClientSettings(HOST, port, ClientSettings.DEFAULT_NAME, Secrets.fromEnvironment(null), clientId,
                CONNECT_TIMEOUT);
    }

    /** One line of an exception, for a protocol line: its class and message, no line breaks. */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return (e.getClass().getSimpleName() + message).replace('\n', ' ');
    }
}
