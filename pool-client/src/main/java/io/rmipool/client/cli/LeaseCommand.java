package io.rmipool.client.cli;

import io.rmipool.api.PoolException;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolFleetClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lease}: one lease in this process, held for a while, then released. */
@Command(name = "lease", mixinStandardHelpOptions = true,
        description = {"Leases one connection, prints 'leased connection(id=N)', holds it for --hold, releases it.",
                "With --sql it runs the statement on the connection right after leasing and again before releasing,"
                        + " printing each result: a lease the server took back meanwhile (the client was cut off for"
                        + " longer than the TTL) fails the second run, which says so and exits 3.",
                "When no connection is leased it prints 'failed to lease connection', the reason on stderr, and exits 3."})
final class LeaseCommand implements Callable<Integer> {
    @ParentCommand
    private ClientMain main;

    @Spec
    private CommandSpec spec;

    @Mixin
    private LeaseTimeout timeout;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "How long to hold the connection before releasing it (default: ${DEFAULT-VALUE}).")
    private Duration hold;

    @Option(names = "--sql", paramLabel = "STATEMENT",
            description = "A statement to run on the connection after leasing it and again before releasing it.")
    private String sql;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PoolFleetClient client = main.connect()) {
            LeasedConnection connection = leaseOrReport(client, timeout.value, out);
            try (connection) {
                out.println(WorkerProtocol.leased(connection.connectionId()));
                run(connection, out);
                out.flush();
                Thread.sleep(hold.toMillis());
                run(connection, out);
            }
        }
        return ExitCode.OK.code;
    }

    private void run(LeasedConnection connection, PrintWriter out) throws Exception {
        if (sql != null) {
            out.println(SqlResultFormat.text(connection.execute(sql)));
            out.flush();
        }
    }

    /**
     * Leases, or prints the seed's {@code failed to lease connection} and rethrows when the pool gave no
     * connection (the caller's error handler then prints the reason and exits 3).
     */
    static LeasedConnection leaseOrReport(PoolFleetClient client, Duration timeout, PrintWriter out) throws Exception {
        try {
            return client.lease(timeout);
        } catch (PoolException e) {
            if (ExitCode.of(e) == ExitCode.NOT_LEASED) {
                out.println(WorkerProtocol.FAILED);
                out.flush();
            }
            throw e;
        }
    }
}
