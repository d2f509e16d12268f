package io.rmipool.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Client JVMs started by the benchmark, each running a main of this package from the same class path,
 * with small heaps and fast start-up flags. They talk in lines: a child prints {@code ready ...},
 * {@code done ...} or {@code error ...} on stdout; the benchmark writes {@code go} or {@code end} to
 * its stdin. A child whose stdin closes (the benchmark died) exits by itself.
 *
 * <p>Every child's stdout is read by a daemon thread into one queue, so lines arrive in the order the
 * children print them; their stderr is appended to one log file. {@link #close()} kills every child
 * still running. Used by one thread, apart from the reader threads.
 */
final class ChildJvms implements AutoCloseable {
    /** C1 only, the simplest GC, the CDS archive: many JVMs on two cores start in reasonable time. */
    static final List<String> FAST_START = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One line a child printed, or the end of its output.
     *
     * @param child the child's index, from 0
     * @param text the line, or {@code null} when the child closed its stdout (it exited)
     */
    record Line(int child, String text) {
        boolean isEnd() {
            return text == null;
        }

        /** The line's first word. */
        String verb() {
            int space = text.indexOf(' ');
            return space < 0 ? text : text.substring(0, space);
        }

        /** The value of {@code key=value} in the line (before a free-text {@code first:}), or -1 when absent. */
        long number(String key) {
            for (String word : text.split(" ")) {
                if (word.equals("first:")) {
                    break;
                }
                if (word.startsWith(key + "=")) {
                    return Long.parseLong(word.substring(key.length() + 1));
                }
            }
            return -1;
        }
    }

    /** A child printed {@code error}, or exited before it said what it was waited for. */
    static final class ChildFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        ChildFailedException(String message) {
            super(message);
        }
    }

    private final String role;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private final Path stderrLog;
    private final List<Process> children = new ArrayList<>();
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

    /**
     * @param role how messages name a child, e.g. {@code "lease caller"}
     * @param heap the children's {@code -Xmx}, e.g. {@code "32m"}
     * @param environment variables set in every child (the secret); inherited {@code POOL_*} ones are dropped
     */
    ChildJvms(String role, String heap, Map<String, String> environment, Path stderrLog) {
        this.role = role;
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + heap);
        options.addAll(FAST_START);
        this.jvmOptions = List.copyOf(options);
        this.environment = Map.copyOf(environment);
        this.stderrLog = stderrLog;
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The JVM options every child gets. */
    List<String> jvmOptions() {
        return jvmOptions;
    }

    /**
     * Starts one more child running {@code main} with {@code arguments}.
     *
     * @return its index
     */
    int spawn(Class<?> main, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("POOL_"));
        builder.environment().putAll(environment);
        Process child = builder.start();
        int index = children.size();
        children.add(child);
        Thread reader = new Thread(() -> read(index, child), role + "-" + index + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return index;
    }

    private void read(int index, Process child) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(new Line(index, line));
            }
        } catch (IOException e) {
            // the child is gone; its end is reported below
        }
        lines.add(new Line(index, null));
    }

    int size() {
        return children.size();
    }

    /** Writes {@code command} to every child that is still running. */
    void sendAll(String command) {
        for (Process child : children) {
            if (child.isAlive()) {
                send(child, command);
            }
        }
    }

    private static void send(Process child, String command) {
        try {
            OutputStream in = child.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // it exited meanwhile; its end of output tells the reader
        }
    }

    /**
     * Waits until {@code count} lines starting with {@code verb} arrived (from any children), and returns
     * them.
     *
     * @throws ChildFailedException at the first {@code error} line, or the end of output of a child that
     *     had not said {@code verb}, naming the child and what it said
     * @throws TimeoutException when they did not all arrive by {@code deadlineNanos}
     */
    List<Line> await(String verb, int count, long deadlineNanos)
            throws ChildFailedException, TimeoutException, InterruptedException {
        List<Line> got = new ArrayList<>();
        while (got.size() < count) {
            long left = deadlineNanos - System.nanoTime();
            Line line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new TimeoutException("only " + got.size() + " of " + count + " '" + verb
                        + "' lines from the " + role + "s in time");
            }
            if (line.isEnd() && got.stream().anyMatch(l -> l.child() == line.child())) {
                continue;
            }
            if (line.isEnd()) {
                Process child = children.get(line.child());
                child.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new ChildFailedException(role + " " + line.child() + " exited"
                        + (child.isAlive() ? "" : " with code " + child.exitValue()) + " before saying '" + verb + "'");
            }
            if (line.verb().equals("error")) {
                throw new ChildFailedException(role + " " + line.child() + ": "
                        + line.text().substring("error".length()).trim());
            }
            if (line.verb().equals(verb)) {
                got.add(line);
            }
        }
        return got;
    }

    /** A line that already arrived, if any, without waiting. */
    Line poll() {
        return lines.poll();
    }

    /**
     * Waits for every child to exit.
     *
     * @return how many exited with a code other than 0, or were still running at the deadline
     */
    int awaitExit(long deadlineNanos) throws InterruptedException {
        int failed = 0;
        for (Process child : children) {
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            if (!child.waitFor(left, TimeUnit.NANOSECONDS) || child.exitValue() != 0) {
                failed++;
            }
        }
        return failed;
    }

    /** What {@code /proc} says about child {@code index}. */
    ProcStatus status(int index) {
        return ProcStatus.of(children.get(index).pid());
    }

    /** Sum of the children's resident memory, in KiB, over those still running. */
    long totalRssKiB() {
        long total = 0;
        for (Process child : children) {
            try {
                total += ProcStatus.of(child.pid()).rssKiB();
            } catch (UncheckedIOException e) {
                // exited meanwhile
            }
        }
        return total;
    }

    /** Kills every child still running and waits briefly for each. Idempotent. */
    @Override
    public void close() {
        for (Process child : children) {
            child.destroyForcibly();
        }
        for (Process child : children) {
            try {
                child.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
