package io.rmipool.client.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A set of worker JVMs spawned by {@code demo} or {@code stress}: the same {@code java} and class path
 * as this process, running {@link WorkerMain}. Talks to them with the lines of
 * {@link WorkerProtocol}. Workers are numbered from 1, as messages name them.
 *
 * <p>Each worker's stdout is read by its own daemon thread, and every line lands in one queue, so the
 * parent sees lines in the order they arrive from all workers. Workers' stderr is inherited.
 * {@link #close()} kills every worker still running.
 *
 * <p>Used by one thread (the command's), apart from the internal reader threads.
 */
final class WorkerFleet implements AutoCloseable {
    /**
     * For workers that do one thing and exit (demo): C1 only, and only for methods that run ten times
     * as often as C1's default asks (a demo worker's C1 thread otherwise burns a third of its CPU on
     * code that runs a few hundred times and exits); the simplest GC; class-data sharing.
     */
    static final List<String> FAST_START_FLAGS = List.of("-XX:TieredStopAtLevel=1",
            "-XX:Tier3InvocationThreshold=2000", "-XX:Tier3MinInvocationThreshold=1000",
            "-XX:Tier3CompileThreshold=20000", "-XX:Tier3BackEdgeThreshold=100000",
            "-XX:+UseSerialGC", "-Xshare:auto");
    /** For workers that are measured (stress): the full JIT, so numbers reflect steady state. */
    static final List<String> STEADY_STATE_FLAGS = List.of("-XX:+UseSerialGC", "-Xshare:auto");
    /**
     * Every worker's: the JVM's warnings go to stderr, never into the protocol on stdout; CDS's messages
     * are off (an archive that cannot be mapped only means a slower start).
     */
    static final List<String> WORKER_LOGGING = List.of("-Xlog:disable", "-Xlog:all=warning,cds=off,cds+dynamic=off:stderr");

    /**
     * One line a worker printed, or its end of output.
     *
     * @param worker the worker's number, from 1
     * @param text the line, or {@code null} when the worker closed its stdout (it is exiting)
     */
    record Line(int worker, String text) {
        boolean isEnd() {
            return text == null;
        }
    }

    private final String role;
    private final Optional<ClassDataArchive> archive = ClassDataArchive.forThisProcess();
    private final List<Process> workers = new ArrayList<>();
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

    private WorkerFleet(String role) {
        this.role = role;
    }

    /**
     * Starts {@code count} workers running {@link WorkerMain} with {@code settings}.
     *
     * @param role how messages name a worker, e.g. {@code demo worker}
     * @param jvmFlags {@link #FAST_START_FLAGS} or {@link #STEADY_STATE_FLAGS}
     */
    static WorkerFleet start(String role, int count, List<String> jvmFlags, WorkerSettings settings)
            throws IOException {
        WorkerFleet fleet = new WorkerFleet(role);
        try {
            for (int i = 1; i <= count; i++) {
                List<String> flags = new ArrayList<>(jvmFlags);
                flags.addAll(WORKER_LOGGING);
                fleet.archive.ifPresent(a -> flags.addAll(a.nextWorkerFlags()));
                fleet.spawn(i, javaCommand(flags, settings));
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    private static List<String> javaCommand(List<String> jvmFlags, WorkerSettings settings) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(settings.jvmArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WorkerMain.class.getName());
        return command;
    }

    private void spawn(int number, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        workers.add(process);
        Thread reader = new Thread(() -> readLines(number, process), role.replace(' ', '-') + "-" + number + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines(int number, Process process) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(new Line(number, line));
            }
        } catch (IOException e) {
            // the pipe broke: for the parent that is the same as the end of the worker's output
        }
        lines.add(new Line(number, null));
    }

    int size() {
        return workers.size();
    }

    /**
     * Waits until every worker has printed {@link WorkerProtocol#READY}, telling {@code onReady} how many
     * have each time one more has. Other lines meanwhile go to {@code stray}, after the worker's role
     * and number.
     *
     * @throws WorkerFailedException when a worker exits first (with its exit code), or on timeout
     */
    void awaitReady(Duration timeout, IntConsumer onReady, Consumer<String> stray)
            throws WorkerFailedException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean[] ready = new boolean[workers.size() + 1];
        int count = 0;
        while (count < workers.size()) {
            Line line = next(deadline);
            if (line == null) {
                throw new WorkerFailedException((workers.size() - count) + " of " + workers.size() + " " + role
                        + "s were not ready after " + timeout.toSeconds() + "s", ExitCode.ERROR.code);
            }
            if (line.isEnd()) {
                throw exitedEarly(line.worker(), "before it was ready");
            }
            if (line.text().equals(WorkerProtocol.READY) && !ready[line.worker()]) {
                ready[line.worker()] = true;
                count++;
                onReady.accept(count);
            } else {
                stray.accept(role + " " + line.worker() + ": " + line.text());
            }
        }
    }

    /** Sends one protocol line to every worker. */
    void sendAll(String text) throws WorkerFailedException, InterruptedException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < workers.size(); i++) {
            try {
                OutputStream in = workers.get(i).getOutputStream();
                in.write(bytes);
                in.flush();
            } catch (IOException e) {
                throw exitedEarly(i + 1, "before it got '" + text + "'");
            }
        }
    }

    /** The next line from any worker, or {@code null} when {@code deadlineNanos} (of nanoTime) passes first. */
    Line next(long deadlineNanos) throws InterruptedException {
        return lines.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** The next line from any worker, waiting as long as it takes. */
    Line next() throws InterruptedException {
        return lines.take();
    }

    /**
     * Waits until every worker has exited, and checks that each exited 0.
     *
     * @throws WorkerFailedException naming the first worker that failed, or on timeout
     */
    void awaitExit(Duration timeout) throws WorkerFailedException, InterruptedException {
        awaitExit(timeout, exited -> { });
    }

    /**
     * {@link #awaitExit(Duration)}, telling {@code exited} how many workers have exited each time it
     * has waited for one (in their order: a later worker that exited first is counted then too).
     */
    void awaitExit(Duration timeout, IntConsumer exited) throws WorkerFailedException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < workers.size(); i++) {
            Process p = workers.get(i);
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new WorkerFailedException(role + " " + (i + 1) + " did not exit within "
                        + timeout.toSeconds() + "s", ExitCode.ERROR.code);
            }
            exited.accept((int) workers.stream().filter(w -> !w.isAlive()).count());
            if (p.exitValue() != 0) {
                throw new WorkerFailedException(role + " " + (i + 1) + " of " + workers.size()
                        + " exited with code " + p.exitValue(), ExitCode.ofWorkerFailure(p.exitValue()).code);
            }
        }
    }

    /** The failure of a worker whose output ended too early; waits briefly for its exit code. */
    WorkerFailedException exitedEarly(int number, String when) throws InterruptedException {
        Process p = workers.get(number - 1);
        // its stdout is closed, so it is exiting; the bound only guards against a worker that closed stdout and hung
        if (p.waitFor(10, TimeUnit.SECONDS)) {
            return new WorkerFailedException(role + " " + number + " of " + workers.size()
                    + " exited with code " + p.exitValue() + " " + when, ExitCode.ofWorkerFailure(p.exitValue()).code);
        }
        return new WorkerFailedException(role + " " + number + " of " + workers.size()
                + " closed its output " + when, ExitCode.ERROR.code);
    }

    /**
     * Kills every worker still running, and keeps the class-data archive the first worker made if it
     * exited successfully (see {@link ClassDataArchive}).
     */
    @Override
    public void close() {
        for (Process p : workers) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        archive.filter(ClassDataArchive::making).ifPresent(a -> {
            Process maker = workers.get(0);
            a.workersExited(!maker.isAlive() && maker.exitValue() == 0);
        });
    }
}
