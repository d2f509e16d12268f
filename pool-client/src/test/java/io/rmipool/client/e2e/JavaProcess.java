package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real JVM started from one of the built jars ({@code java -jar}), with its stdout and stderr
 * collected line by line as they come. Closing it kills the process (and its children) if still alive.
 */
final class JavaProcess implements AutoCloseable {
    static final Path SERVER_JAR = jar("pool.server.jar");
    static final Path CLIENT_JAR = jar("pool.client.jar");

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outPump;
    private final Thread errPump;

    private JavaProcess(Process process) {
        this.process = process;
        this.outPump = pump(process.getInputStream(), out);
        this.errPump = pump(process.getErrorStream(), err);
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        assertThat(path).as("system property %s (set by Failsafe)", property).isNotNull();
        return Path.of(path);
    }

    static JavaProcess start(Path jar, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("POOL_"));
        builder.environment().putAll(env);
        return new JavaProcess(builder.start());
    }

    /**
     * Runs {@code scripts/pool-client} (the launcher in the checkout) on the jar under test, with this
     * JVM's java, to completion (at most {@code timeout}).
     */
    static JavaProcess runLauncher(Duration timeout, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("..", "scripts", "pool-client").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("POOL_"));
        builder.environment().put("POOL_CLIENT_JAR", CLIENT_JAR.toAbsolutePath().toString());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().putAll(env);
        JavaProcess launcher = new JavaProcess(builder.start());
        launcher.awaitExit(timeout);
        return launcher;
    }

    /** Runs the client to completion and returns its exit code (at most {@code timeout}). */
    static JavaProcess runClient(Duration timeout, Map<String, String> env, String... args) throws Exception {
        JavaProcess client = start(CLIENT_JAR, env, args);
        client.awaitExit(timeout);
        return client;
    }

    private static Thread pump(InputStream stream, List<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    into.add(line);
                }
            } catch (IOException e) {
                // the process is gone: its output ends here
            }
        }, "output-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    String awaitLine(Predicate<String> matching, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .failFast("process exited before printing the line; stderr: " + err, () -> !process.isAlive()
                        && out.stream().noneMatch(matching))
                .until(() -> out.stream().anyMatch(matching));
        return out.stream().filter(matching).findFirst().orElseThrow();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("process did not exit within " + timeout + "; stdout: " + out + " stderr: " + err);
        }
        // the pumps reach end of stream once the process (and any child sharing its pipes) is gone
        outPump.join(5_000);
        errPump.join(5_000);
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    List<String> stdout() {
        return out;
    }

    List<String> stderr() {
        return err;
    }

    /**
     * Sends SIGTERM. Through the handle, not {@code Process.destroy()}, which also closes our ends of
     * the process's pipes and so loses everything it prints while shutting down.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    void kill() {
        process.destroyForcibly();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
