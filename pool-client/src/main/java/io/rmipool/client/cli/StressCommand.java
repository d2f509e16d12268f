package io.rmipool.client.cli;

import java.io.PrintWriter;
import java.time.Duration;
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
                "Each process first runs W unmeasured warm-up cycles (JIT, connections), all before any measured one.",
                "With --keep-going a cycle that fails (server unreachable, database unavailable, lease lost) is counted"
                        + " and the process goes on: the line then ends with 'unreachable=U database=B lost=L'.",
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
        StressReport report = new StressReport();
        WorkerSettings settings = StressWorker.settings(main.workerSettings(WorkerSettings.STRESS), cycles, warmup, sql,
                timeout, keepGoing);
        try (WorkerFleet fleet = WorkerFleet.start("stress worker", processes, WorkerFleet.STEADY_STATE_FLAGS, settings)) {
            fleet.awaitReady(DemoCommand.READY_TIMEOUT, System.err);
            fleet.sendAll(WorkerProtocol.GO);
            // No deadline from here: the run takes as long as the cycles take, and each lease is bounded
            // by --timeout. A worker that dies ends its output, which ends the wait for it.
            int ended = 0;
            while (ended < processes) {
                WorkerFleet.Line line = fleet.next();
                if (line.isEnd()) {
                    ended++;
                } else if (!report.accept(line.text())) {
                    System.err.println("stress worker " + line.worker() + ": " + line.text());
                }
            }
            fleet.awaitExit(DemoCommand.STEP_TIMEOUT);
        }
        if (report.workersDone() != processes) {
            throw new WorkerFailedException("only " + report.workersDone() + " of " + processes
                    + " stress workers reported their results", ExitCode.ERROR.code);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(report.line(processes, (long) processes * cycles));
        out.flush();
        return report.passed(keepGoing) ? ExitCode.OK.code : ExitCode.ERROR.code;
    }
}
