package io.rmipool.client.cli;

import io.rmipool.api.AdminReport;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.config.Secrets;
import io.rmipool.client.ClientSerialFilter;
import io.rmipool.client.PoolAdminClient;
import io.rmipool.client.ServerUnreachableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code admin}: the runtime controls of a pool server, for whoever holds its admin secret. Each
 * subcommand is one remote call; it prints {@code admin <command>: <what happened>} and exits 0, or
 * exits 5 when the caller is no admin (no admin secret, a wrong one, or a server without an admin role).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Runtime controls of the pool server: pause, resume, drain, resize, evict.",
                "Logs in with the server's admin secret (--admin-secret-file, POOL_ADMIN_SECRET_FILE or POOL_ADMIN_SECRET),"
                        + " not the clients' secret; without it, or with a wrong one, it exits 5.",
                "Prints 'admin <command>: <what happened>'."})
final class AdminCommand implements Runnable {
    @ParentCommand
    private ClientMain main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--admin-secret-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "File holding the server's admin secret; without it POOL_ADMIN_SECRET_FILE or POOL_ADMIN_SECRET.")
    private Path adminSecretFile;

    /** Without a subcommand there is nothing to do: a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (pause, resume, drain, resize, evict)");
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "New leases wait (up to their own timeout) until 'resume'; held leases go on.")
    int pause() throws Exception {
        return run("pause", PoolAdminClient::pause);
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Ends a pause: waiting lease calls are served, first come, first served.")
    int resume() throws Exception {
        return run("resume", PoolAdminClient::resume);
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = {"Stops granting leases, waits up to --timeout for the held ones to come back, then stops the"
                    + " server cleanly (it exits 0). Leases still held at the timeout end with the server.",
                    "Exits 0 once the server is stopping, whether every lease came back or not: the line says which."})
    int drain(@Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long to wait for held leases (default: ${DEFAULT-VALUE}, at most 1d).") Duration timeout)
            throws Exception {
        if (timeout.isNegative() || timeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be between 0 and 1d, got "
                    + timeout.toMillis() + "ms");
        }
        return run("drain", admin -> admin.drain(timeout));
    }

    @Command(name = "resize", mixinStandardHelpOptions = true,
            description = "Grows or shrinks the pool to N connections; a shrink closes idle connections now and leased"
                    + " ones as they come back, never taking one from its holder.")
    int resize(@Parameters(paramLabel = "N", description = "The number of connections, 1 or more.") int connections)
            throws Exception {
        if (connections < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "N must be 1 or more, got " + connections);
        }
        return run("resize", admin -> admin.resize(connections));
    }

    @Command(name = "evict", mixinStandardHelpOptions = true,
            description = "Replaces every connection (after a database failover or a password rotation): idle ones now,"
                    + " leased ones when they come back.")
    int evict() throws Exception {
        return run("evict", PoolAdminClient::evict);
    }

    private interface Operation {
        AdminReport on(PoolAdminClient admin) throws PoolException, ServerUnreachableException;
    }

    private int run(String command, Operation operation) throws Exception {
        main.requireOneServer("an admin command acts on one server");
        byte[] adminSecret = adminSecret();
        ClientSerialFilter.install();
        PrintWriter out = spec.commandLine().getOut();
        try (PoolAdminClient admin = main.connectionOptions().connectAdmin(adminSecret, main.tlsContext())) {
            AdminReport report = operation.on(admin);
            out.println("admin " + command + ": " + report.summary());
            out.flush();
            return ExitCode.OK.code;
        }
    }

    /** The admin secret; none is the caller's to fix, as an admin (exit 5), not a usage error. */
    private byte[] adminSecret() throws NotAuthenticatedException {
        byte[] secret;
        try {
            secret = Secrets.loadAdmin(adminSecretFile, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (secret == null) {
            throw new NotAuthenticatedException("admin commands need the server's admin secret: --admin-secret-file,"
                    + " POOL_ADMIN_SECRET_FILE or POOL_ADMIN_SECRET");
        }
        return secret;
    }
}
