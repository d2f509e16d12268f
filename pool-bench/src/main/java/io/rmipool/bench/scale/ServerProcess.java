package io.rmipool.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One real {@code pool-server.jar} process on a free loopback port, started with the flags a part of
 * the benchmark needs and the shared secret in {@code POOL_SECRET}; its stderr goes to a log file.
 * It is measured from the outside: {@link ProcStatus} from {@code /proc}, and the live heap after a
 * full GC from {@code jcmd GC.class_histogram}. {@link #close()} stops it with SIGTERM, and kills it if
 * it has not exited within {@link #STOP_TIMEOUT}. Used by one thread.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
    private static final String READY = "pool-server ready:";

    private final Process process;
    private final int port;
    private final Path log;
    private final String commandLine;

    private ServerProcess(Process process, int port, Path log, String commandLine) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.commandLine = commandLine;
    }

    /**
     * Starts the server and waits for its ready line.
     *
     * @param jvmOptions options for the server's JVM, before {@code -jar}
     * @param flags the server's options, {@code --port} excluded (a free port is chosen)
     * @param log where its stderr goes
     * @throws IOException when it exits or stays silent instead of getting ready; the message has the end
     *     of its log
     */
    static ServerProcess start(Path serverJar, List<String> jvmOptions, List<String> flags, String secret, Path log)
            throws IOException {
        int port = freeLoopbackPort();
        List<String> command = new ArrayList<>();
        command.add(ChildJvms.javaExecutable());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(serverJar.toString());
        command.add("--port");
        command.add(Integer.toString(port));
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("POOL_"));
        env.put("POOL_SECRET", secret);
        Process process = builder.start();
        String shown = "POOL_SECRET=<32 random bytes, base64> java "
                + String.join(" ", command.subList(1, command.size()))
                .replace(serverJar.toString(), serverJar.getFileName().toString());
        ServerProcess server = new ServerProcess(process, port, log, shown);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Drains the server's stdout on a daemon thread; the result completes at its ready line (or its end). */
    private void awaitReady() throws IOException {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(READY)) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // the server is gone: nothing more to read
            }
            ready.complete(false);
        }, "pool-server-stdout");
        reader.setDaemon(true);
        reader.start();
        boolean isReady;
        try {
            isReady = ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            isReady = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server", e);
        } catch (ExecutionException e) {
            throw new IOException("reading the server's output failed", e.getCause());
        }
        if (!isReady) {
            throw new IOException("pool-server did not get ready within " + READY_TIMEOUT.toSeconds() + " s"
                    + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")") + "; end of its log:\n"
                    + logTail(20));
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** How the server was started, for the report: the secret's value and the jar's directory left out. */
    String commandLine() {
        return commandLine;
    }

    ProcStatus status() {
        return ProcStatus.of(process.pid());
    }

    /**
     * The bytes of live objects on the heap: {@code jcmd GC.class_histogram} runs a full GC first and
     * ends with the total of the live instances.
     *
     * @return the bytes, or -1 when {@code jcmd} is not there or failed
     */
    long liveHeapBytes() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!p.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            String[] lines = output.get(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).strip().split("\n");
            String[] total = lines[lines.length - 1].trim().split("\\s+");
            return p.exitValue() == 0 && total.length == 3 && total[0].equals("Total") ? Long.parseLong(total[2]) : -1;
        } catch (IOException | ExecutionException | TimeoutException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Bytes as MiB with one decimal, for {@link #liveHeapBytes}; {@code n/a} for its failure. */
    static String mib(long bytes) {
        return bytes < 0 ? "n/a (jcmd failed)" : String.format("%.1f", bytes / (1024.0 * 1024.0));
    }

    /** Lines of the server's log at level WARN or ERROR so far. */
    List<String> warnings() {
        try {
            return Files.readAllLines(log).stream()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                    .toList();
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** The last {@code count} lines of the server's log. */
    String logTail(int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }

    /** {@code running}, or how it exited: for a failure's report. */
    String state() {
        return process.isAlive() ? "running" : "exited with code " + process.exitValue();
    }

    /** Stops the server with SIGTERM; kills it when it has not exited in time. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
