package io.rmipool.bench.scale;

import io.rmipool.client.cli.DurationConverter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scale benchmark (issue #9, goal 4): one box, one real {@code pool-server.jar} process per part,
 * on a free loopback port, with a random secret so every login takes the challenge-response path.
 *
 * <ol>
 *   <li>{@link WaitersPart}: 1,000 callers blocked in {@code lease} at once (10 client JVMs of 100
 *       threads, the pool's 10 connections held), then all served one after the other: time to 1,000
 *       waiting, the server's threads and memory with them waiting, time to drain. PASS/FAIL.</li>
 *   <li>{@link HoldersPart}: 100 client JVMs logged in and holding a lease at the same moment, started
 *       in batches. PASS/FAIL.</li>
 *   <li>{@link IdleSessionsPart}: the server's memory and threads with 0, 100, 500 and 1,000 idle
 *       sessions, right after the logins and once RMI's idle connections and threads are gone, and the
 *       cost per session.</li>
 * </ol>
 *
 * <p>Prints one text report on stdout (progress on stderr), optionally writes it as Markdown
 * ({@code --report x.md}) or CSV (any other name), and exits 1 when a check failed. Every process it
 * starts is stopped when it ends, also on failure and on SIGINT/SIGTERM (a shutdown hook kills what is
 * left), and every wait has a deadline.
 */
@Command(name = "scale-benchmark", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Scale on one box: callers blocked in lease, client processes held at once, the cost of "
                + "idle sessions.")
public final class ScaleBenchmark implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    private static final List<String> PARTS = List.of("waiters", "holders", "sessions");

    @Option(names = "--server-jar", paramLabel = "JAR", defaultValue = "pool-server/target/pool-server.jar",
            description = "The pool-server jar to run.")
    Path serverJar;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "pool-bench/target/scale-bench",
            description = "Where the server's and the clients' logs go.")
    Path workDir;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the report here: Markdown if FILE ends in .md, else CSV.")
    Path reportFile;

    @Option(names = "--parts", split = ",", paramLabel = "PART", defaultValue = "waiters,holders,sessions",
            description = "Which parts to run: waiters, holders, sessions.")
    List<String> parts;

    @Option(names = "--callers", paramLabel = "N", defaultValue = "1000",
            description = "Part 1: callers blocked in lease at once.")
    int callers;

    @Option(names = "--caller-jvms", paramLabel = "N", defaultValue = "10",
            description = "Part 1: client JVMs the callers are spread over.")
    int callerJvms;

    @Option(names = "--holders", paramLabel = "N", defaultValue = "100",
            description = "Part 2: client JVMs holding a lease at once.")
    int holders;

    @Option(names = "--holder-batch", paramLabel = "N", defaultValue = "10",
            description = "Part 2: client JVMs started at a time.")
    int holderBatch;

    @Option(names = "--session-levels", split = ",", paramLabel = "N", defaultValue = "100,500,1000",
            description = "Part 3: numbers of idle sessions measured.")
    List<Integer> sessionLevels;

    @Option(names = "--sessions-per-jvm", paramLabel = "N", defaultValue = "100",
            description = "Part 3: idle sessions per client JVM.")
    int sessionsPerJvm;

    @Option(names = "--idle-watch", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
            description = "Part 3: after the last level, watch the idle sessions this long (e.g. 4m, to see RMI's DGC "
                    + "lease renewals 5 min after the first logins); 0: not at all.")
    Duration idleWatch;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION",
            description = "An option for the server's JVM (repeatable); none by default: the JDK's defaults.")
    List<String> serverJvmOptions = List.of();

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(ScaleBenchmark::killDescendants, "scale-cleanup"));
        System.exit(new CommandLine(new ScaleBenchmark()).execute(args));
    }

    /** What this JVM started and is still running (after SIGINT, SIGTERM or a crash): stopped, then killed. */
    private static void killDescendants() {
        List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
        left.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine cmd = new CommandLine(this);
        if (callers < 1 || callerJvms < 1 || callerJvms > callers || holders < 1 || holderBatch < 1
                || sessionsPerJvm < 1 || sessionLevels.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(cmd,
                    "counts must be positive, and --caller-jvms at most --callers");
        }
        List<String> unknown = parts.stream().filter(p -> !PARTS.contains(p)).toList();
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "unknown part(s) " + unknown + "; the parts are " + PARTS);
        }
        if (!Files.isRegularFile(serverJar)) {
            throw new CommandLine.ParameterException(cmd, "no server jar at " + serverJar
                    + " (build with ./mvnw -B -q install -DskipTests)");
        }
        Path dir = Files.createDirectories(workDir);
        BenchEnvironment env = new BenchEnvironment(serverJar, serverJvmOptions, dir, BenchEnvironment.newSecret());
        Report report = new Report();
        report.header("RMI Pool scale benchmark, "
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        report.header("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + String.format("%.1f", totalMemoryGiB()) + " GiB; " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + "; Java " + System.getProperty("java.vm.version"));
        report.header("logs: " + dir);
        for (String part : parts) {
            progress("running part: " + part);
            switch (part) {
                case "waiters" -> new WaitersPart(env, callers, callerJvms).run(report);
                case "holders" -> new HoldersPart(env, holders, holderBatch).run(report);
                case "sessions" -> new IdleSessionsPart(env, sessionLevels, sessionsPerJvm, idleWatch).run(report);
                default -> throw new IllegalStateException("unknown part " + part);
            }
        }
        System.out.print(report.text());
        if (reportFile != null) {
            report.write(reportFile);
            System.out.println("report written to " + reportFile);
        }
        return report.passed() ? 0 : EXIT_FAILED;
    }

    private static double totalMemoryGiB() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() / (1024.0 * 1024 * 1024);
    }

    static void progress(String message) {
        System.err.println("[scale] " + message);
    }
}
