package io.rmipool.client.cli;

import io.rmipool.api.PoolException;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PoolClient client = main.connect()) {
            LeasedConnection connection = leaseOrReport(client, timeout.value, out);
            try (connection) {
                out.println(WorkerProtocol.leased(connection.connectionId()));
                out.flush();
                Thread.sleep(hold.toMillis());
            }
        }
        return ExitCode.OK.code;
    }

    /**
     * Leases, or prints the seed's {@code failed to lease connection} and rethrows when the pool gave no
     * connection (the caller's error handler then prints the reason and exits 3).
     */
    static LeasedConnection leaseOrReport(PoolClient client, Duration timeout, PrintWriter out) throws Exception {
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
