package io.rmipool.client.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code stress}: client processes hammer the pool with lease+release cycles; the parent measures
 * throughput and latency and checks from the workers' records that no connection was ever held twice
 * at once.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = {"Measures lease+release throughput and latency from many processes, and checks for double leases.",
                "Spawns P client processes that each run K lease+release cycles with no hold, then prints",
                "'stress: processes=P cycles=N elapsed=Ts cycles/s=R p50=Aus p99=Bus max=Cus failed=F duplicates=D'.",
                "With --sql each cycle also runs that statement on its connection (lease+statement+release).",
                "Latencies are of one lease+release cycle; D counts pairs of overlapping holds of one connection.",
                "With several --server, each process leases from the servers in turn; a connection is its server and its id.",
                "Each process first runs W unmeasured warm-up cycles (JIT, connections), all before any measured one.",
                "With --keep-going a cycle that fails (server unreachable, database unavailable, lease lost) is counted"
                        + " and the process goes on: the line then ends with 'unreachable=U database=B lost=L'.",
                "With --baseline it runs --rounds pairs: the same stress on a bare pool over plain RMI (ten ids behind"
                        + " one lock, in a JVM of its own on a free loopback port) and on the --server, alternating which"
                        + " goes first, each line prefixed with 'round R baseline:' or 'round R pool:', then 'round R:"
                        + " ratio=X' (pool over baseline cycles/s), and at the end 'paired: rounds=N pool median=A (min-max)"
                        + " baseline median=B (min-max) ratio median=X (min-max)'.",
                "On a terminal, stderr shows the processes starting, then the cycles done of all, their rate and the"
                        + " time left; nothing of it reaches stdout, and none of it shows when the output is piped.",
                "Exits 0 when failed=0 and duplicates=0 (with --keep-going: when duplicates=0), else 1."})
final class StressCommand implements Callable<Integer> {
    @ParentCommand
    private ClientMain main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--processes", paramLabel = "P", required = true, description = "How many client processes.")
    private int processes;

    @Option(names = "--cycles", paramLabel = "K", required = true, description = "Lease+release cycles per process.")
    private int cycles;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "20000",
            description = "Unmeasured warm-up cycles per process (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--sql", paramLabel = "STATEMENT",
            description = "A statement each cycle runs on its leased connection, e.g. \"select 1\".")
    private String sql;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Each lease's wait for a connection (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--keep-going",
            description = "Count the cycles that fail because the server, the database or a lease went away, and go on"
                    + " (the clients log in again once the server is back); for testing failures under load.")
    private boolean keepGoing;

    @Option(names = "--baseline",
            description = "Pair every run with one on a bare RMI pool and print the ratio (see above).")
    private boolean baseline;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "With --baseline: how many pairs of runs (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--no-progress", description = ProgressDisplay.NO_PROGRESS_HELP)
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (processes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--processes must be at least 1");
        }
        if (cycles < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cycles must be at least 1");
        }
        if (warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must be 0 or more");
        }
        main.secret(); // a missing secret file is a usage error here, not one per worker
        if (baseline && (sql != null || keepGoing)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--baseline compares lease+release only: it takes neither --sql nor --keep-going");
        }
        if (baseline) {
            main.requireOneServer("--baseline compares one server with bare RMI");
        }
        if (baseline && rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ProgressDisplay display = ProgressDisplay.open(noProgress, main.verbose())) {
            WorkerSettings pool = StressWorker.settings(main.workerSettings(WorkerSettings.STRESS), cycles, warmup, sql,
                    timeout, keepGoing, display.shown());
            if (!baseline) {
                StressReport report = run(pool, display, "stress");
                out.println(report.line(processes, (long) processes * cycles));
                out.flush();
                return report.passed(keepGoing) ? ExitCode.OK.code : ExitCode.ERROR.code;
            }
            return paired(pool, display, out);
        }
    }

    /**
     * --baseline: alternating runs on the baseline pool and on the server; the baseline first in odd
     * rounds, so a drift of the machine's speed over the minutes falls on both alike.
     */
    private int paired(WorkerSettings pool, ProgressDisplay display, PrintWriter out) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ConnectionOptions bare = new ConnectionOptions(List.of(new HostPort("127.0.0.1", port)), "pool", null, false, null,
                null, null);
        WorkerSettings onBaseline = StressWorker.settings(WorkerSettings.of(WorkerSettings.BASELINE, bare, false), cycles,
                warmup, null, timeout, false, display.shown());
        long total = (long) processes * cycles;
        List<Long> poolRates = new ArrayList<>();
        List<Long> baselineRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        boolean passed = true;
        Process server = BaselineServer.start(port);
        try {
            for (int round = 1; round <= rounds; round++) {
                long poolRate = 0;
                long baselineRate = 0;
                for (boolean onPool : round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    StressReport report = run(onPool ? pool : onBaseline, display,
                            "round " + round + (onPool ? " pool" : " baseline"));
                    passed &= report.passed(false);
                    out.println("round " + round + (onPool ? " pool: " : " baseline: ") + report.line(processes, total));
                    out.flush();
                    if (onPool) {
                        poolRate = report.cyclesPerSecond(total);
                    } else {
                        baselineRate = report.cyclesPerSecond(total);
                    }
                }
                double ratio = baselineRate == 0 ? 0 : (double) poolRate / baselineRate;
                poolRates.add(poolRate);
                baselineRates.add(baselineRate);
                ratios.add(ratio);
                out.println(String.format(Locale.ROOT, "round %d: ratio=%.3f", round, ratio));
                out.flush();
            }
        } finally {
            BaselineServer.stop(server, DemoCommand.STEP_TIMEOUT);
        }
        out.println(String.format(Locale.ROOT, "paired: rounds=%d pool median=%.0f (%d-%d) baseline median=%.0f (%d-%d)"
                        + " ratio median=%.3f (%.3f-%.3f)", rounds,
                median(poolRates), Collections.min(poolRates), Collections.max(poolRates),
                median(baselineRates), Collections.min(baselineRates), Collections.max(baselineRates),
                median(ratios), Collections.min(ratios), Collections.max(ratios)));
        out.flush();
        return passed ? ExitCode.OK.code : ExitCode.ERROR.code;
    }

    /** The middle value; of an even count, the mean of the middle two. */
    static <T extends Number & Comparable<T>> double median(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2).doubleValue()
                : (sorted.get(n / 2 - 1).doubleValue() + sorted.get(n / 2).doubleValue()) / 2;
    }

    /** One stress run: spawns the workers, collects their records; on a terminal, {@code task} names its bar. */
    private StressReport run(WorkerSettings settings, ProgressDisplay display, String task) throws Exception {
        StressReport report = new StressReport();
        try (WorkerFleet fleet = WorkerFleet.start("stress worker", processes, WorkerFleet.STEADY_STATE_FLAGS, settings)) {
            try (Progress starting = display.bar("starting", processes, " processes", false)) {
                fleet.awaitReady(DemoCommand.READY_TIMEOUT, starting::update, starting::stray);
            }
            fleet.sendAll(WorkerProtocol.GO);
            StressProgress progress = new StressProgress(processes, cycles, System.nanoTime());
            try (Progress bar = display.bar(task, progress.total(), " cycles", true)) {
                // No deadline from here: the run takes as long as the cycles take, and each lease is bounded
                // by --timeout. A worker that dies ends its output, which ends the wait for it.
                int ended = 0;
                while (ended < processes) {
                    WorkerFleet.Line line = fleet.next();
                    if (line.isEnd()) {
                        ended++;
                    } else if (progress.accept(line.worker(), line.text())) {
                        bar.update(progress.done(), progress.rate(System.nanoTime()));
                    } else if (!report.accept(line.text())) {
                        bar.stray("stress worker " + line.worker() + ": " + line.text());
                    }
                }
            }
            fleet.awaitExit(DemoCommand.STEP_TIMEOUT);
        }
        if (report.workersDone() != processes) {
            throw new WorkerFailedException("only " + report.workersDone() + " of " + processes
                    + " stress workers reported their results", ExitCode.ERROR.code);
        }
        return report;
    }
}
