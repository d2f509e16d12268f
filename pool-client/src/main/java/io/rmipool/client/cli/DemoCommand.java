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
 * {@code demo}: the seed program in Java. Separate client JVMs each lease one connection at (nearly) the
 * same moment and print what they got, then a summary says whether any connection went to two of them.
 *
 * <p>The seed's processes raced only by luck of process start-up; here every worker first connects and
 * logs in, and then all are told to lease at once, so the leases really are concurrent.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the seed: client processes each lease one connection at the same moment.",
                "Prints each process's 'leased connection(id=N)' or 'failed to lease connection' as it comes, then"
                        + " 'summary: processes=P leased=L failed=F duplicates=D', where D counts the connection ids that"
                        + " two or more processes held at the same time. Exits 0 when it got to the summary.",
                "With --sql, each process that leased runs the statement on its connection and prints each result row"
                        + " as '  connection(id=N): v1 | v2' (or 'updated K rows', or 'SQL error SQLSTATE: message').",
                "On a terminal, stderr shows the processes starting, the leases reported and the processes finishing;"
                        + " nothing of it reaches stdout, and none of it shows when the output is piped."})
final class DemoCommand implements Callable<Integer> {
    /** Long enough for a loaded machine to start a few dozen JVMs; a hung server fails clearly instead. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long workers get to report or exit beyond what the protocol itself takes. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    @ParentCommand
    private ClientMain main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "11",
            description = "How many client processes to spawn (default: ${DEFAULT-VALUE}, one more than the seed's pool).")
    private int processes;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "How long each process holds its connection after all have reported (default: ${DEFAULT-VALUE}).")
    private Duration hold;

    @Option(names = "--sql", paramLabel = "STATEMENT",
            description = "A statement each process runs on its leased connection, e.g. \"select session_id()\" on H2.")
    private String sql;

    @Option(names = "--no-progress", description = ProgressDisplay.NO_PROGRESS_HELP)
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        main.requireOneServer("it tells connections apart by their ids, which every server numbers from 0");
        if (processes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--processes must be at least 1");
        }
        main.secret(); // a missing secret file is a usage error here, not one per worker
        PrintWriter out = spec.commandLine().getOut();
        DemoSummary summary = new DemoSummary(processes);
        // the workers first: asking the terminal (a tenth of a second) then overlaps their start-up
        try (WorkerFleet fleet = WorkerFleet.start("demo worker", processes, WorkerFleet.FAST_START_FLAGS,
                DemoWorker.settings(main.workerSettings(WorkerSettings.DEMO), hold, sql));
             ProgressDisplay display = ProgressDisplay.open(noProgress, main.verbose())) {
            try (Progress starting = display.bar("starting", processes, " processes", false)) {
                fleet.awaitReady(READY_TIMEOUT, starting::update, starting::stray);
            }
            fleet.sendAll(WorkerProtocol.GO);
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            int executed = 0;
            try (Progress leasing = display.bar("leasing", processes, " leases", false)) {
                // with --sql, every worker that leased also runs the statement before anyone may release
                while (summary.reports() < processes || (sql != null && executed < summary.leased())) {
                    WorkerFleet.Line line = fleet.next(deadline);
                    if (line == null) {
                        int late = processes - summary.reports() + (sql == null ? 0 : summary.leased() - executed);
                        throw new WorkerFailedException(late + " of " + processes + " demo workers did not report"
                                + (sql == null ? "" : " or run --sql") + " within " + STEP_TIMEOUT.toSeconds() + "s",
                                ExitCode.ERROR.code);
                    }
                    if (line.isEnd()) {
                        throw fleet.exitedEarly(line.worker(), "before it reported");
                    }
                    if (summary.accept(line.text()) || WorkerProtocol.isSqlOutput(line.text())) {
                        leasing.println(out, line.text());
                    } else if (line.text().equals(WorkerProtocol.EXECUTED)) {
                        executed++;
                    } else {
                        leasing.stray("demo worker " + line.worker() + ": " + line.text());
                    }
                    leasing.update(summary.reports(),
                            sql == null ? "" : executed + "/" + summary.leased() + " ran --sql");
                }
            }
            // Only now may anyone release: every lease above overlapped every other in time.
            fleet.sendAll(WorkerProtocol.RELEASE);
            try (Progress finishing = display.bar("finishing", processes, " processes", false)) {
                fleet.awaitExit(hold.plus(STEP_TIMEOUT), finishing::update);
            }
        }
        out.println(summary.line());
        out.flush();
        return ExitCode.OK.code;
    }
}
