package io.rmipool.client.cli;

import io.rmipool.api.PoolStats;
import io.rmipool.client.PoolClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stats}: prints the pool's gauges and counters. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Prints the pool's gauges (max, idle, leased, waiting) and counters (granted, timeouts, expired, refused).")
final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    private ClientMain main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "One JSON object on one line, with the eight fields as numbers.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PoolStats stats;
        try (PoolClient client = main.connect()) {
            stats = client.stats();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? StatsFormat.json(stats) : StatsFormat.human(stats));
        out.flush();
        return ExitCode.OK.code;
    }
}
