package io.rmipool.client.cli;

import io.rmipool.api.PoolStats;
import io.rmipool.client.PoolFleetClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code stats}: prints the pool's gauges and counters; with {@code --watch}, again every interval until
 * interrupted: redrawn in place on a terminal, one line per interval otherwise (a pipe, a log).
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Prints the pool's gauges (max, idle, leased, waiting) and counters (granted, timeouts, expired, refused).")
final class StatsCommand implements Callable<Integer> {
    /** Below this a watch is a load test, not a view. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** ANSI: cursor up N lines, then erase to the end of the screen. */
    private static final String UP = "\u001b[%dA\u001b[J";

    @ParentCommand
    private ClientMain main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "One JSON object on one line, with the fields as numbers.")
    private boolean json;

    @Option(names = "--watch", description = "Print again every --interval until interrupted: in place on a terminal, "
            + "one line per interval otherwise.")
    private boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often --watch prints (default 1s, at least 100ms).")
    private Duration interval;

    /**
     * One server's stats as before; a fleet's (the servers that answered), server by server, each under a
     * {@code server HOST:PORT} line.
     */
    static String human(Map<String, PoolStats> stats, boolean fleet) {
        if (!fleet) {
            return StatsFormat.human(stats.values().iterator().next());
        }
        StringBuilder out = new StringBuilder();
        stats.forEach((server, s) -> {
            if (out.length() > 0) {
                out.append(System.lineSeparator()).append(System.lineSeparator());
            }
            out.append("server ").append(server).append(System.lineSeparator()).append(StatsFormat.human(s));
        });
        return out.toString();
    }

    /** One server's object as before; a fleet's, one object per server and line, its first key {@code server}. */
    static String json(Map<String, PoolStats> stats, boolean fleet) {
        if (!fleet) {
            return StatsFormat.json(stats.values().iterator().next());
        }
        StringBuilder out = new StringBuilder();
        stats.forEach((server, s) -> {
            if (out.length() > 0) {
                out.append(System.lineSeparator());
            }
            // a host:port needs no escaping in JSON: letters, digits, dots, colons, brackets, hyphens
            out.append("{\"server\":\"").append(server).append("\",").append(StatsFormat.json(s).substring(1));
        });
        return out.toString();
    }

    @Override
    public Integer call() throws Exception {
        if (interval != null && !watch) {
            throw new ParameterException(spec.commandLine(), "--interval needs --watch");
        }
        Duration every = interval == null ? Duration.ofSeconds(1) : interval;
        if (every.compareTo(MIN_INTERVAL) < 0) {
            throw new ParameterException(spec.commandLine(), "--interval must be at least 100ms, got " + every.toMillis() + "ms");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PoolFleetClient client = main.connect()) {
            boolean fleet = client.endpoints().size() > 1;
            if (!watch) {
                out.println(json ? json(client.stats(), fleet) : human(client.stats(), fleet));
                out.flush();
                return ExitCode.OK.code;
            }
            boolean terminal = System.console() != null && !json;
            int drawn = 0;
            while (true) {
                Map<String, PoolStats> stats = client.stats();
                String now = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
                if (terminal) {
                    String block = "every " + every.toMillis() + " ms, " + now + System.lineSeparator() + human(stats, fleet);
                    out.print(drawn > 0 ? String.format(UP, drawn) : "");
                    out.println(block);
                    drawn = (int) block.lines().count();
                } else if (json) {
                    out.println(json(stats, fleet));
                } else {
                    stats.forEach((server, s) -> out.println("time=" + now + (fleet ? " server=" + server : "") + " "
                            + StatsFormat.line(s)));
                }
                out.flush();
                Thread.sleep(every.toMillis()); // the pace of a view, not a synchronization
            }
        }
    }
}
