package io.rmipool.client.cli;

import io.rmipool.api.PoolException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.client.ClientSerialFilter;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolFleetClient;
import io.rmipool.client.ServerUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code pool-client} command line: {@code java -jar pool-client.jar <command> [options]}.
 *
 * <p>Holds the options every subcommand shares (where the server is, how to log in, how much to log)
 * and turns every failure into one line on stderr and an {@link ExitCode}. stdout carries command output
 * only; logs go to stderr.
 */
@Command(name = "pool-client",
        mixinStandardHelpOptions = true,
        versionProvider = ClientMain.Version.class,
        description = "Leases connections from an RMI Pool server, runs SQL on them, shows the pool's stats, and runs the multi-process demo and stress test.")
public final class ClientMain implements Runnable {
    static final String ERROR_PREFIX = "pool-client: ";

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT", split = ",",
            defaultValue = "localhost:1099", converter = HostPort.Converter.class,
            description = "The pool server's registry (default: ${DEFAULT-VALUE}); several, comma-separated, for a "
                    + "fleet: each lease goes to a live one in turn.")
    private List<HostPort> servers;

    @Option(names = "--discover", scope = ScopeType.INHERIT,
            description = "Ask the first --server for the other live servers of its fleet, as they announced "
                    + "themselves in ZooKeeper (their --host and --port), and use them all.")
    private boolean discover;

    /** The options for the servers --discover found: asked once, on first use. */
    private ConnectionOptions discovered;

    @Option(names = "--name", scope = ScopeType.INHERIT, paramLabel = "NAME", defaultValue = ClientSettings.DEFAULT_NAME,
            description = "The name the gateway is bound under (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--secret-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "File holding the login secret; trailing newlines are ignored."
                    + " Without it: POOL_SECRET_FILE, else POOL_SECRET.")
    private Path secretFile;

    @Option(names = "--tls", scope = ScopeType.INHERIT,
            description = "Connect over TLS, trusting the JVM's default CAs unless --tls-truststore is given. "
                    + "Implied by --tls-truststore and --tls-keystore.")
    private boolean tls;

    @Option(names = "--tls-truststore", scope = ScopeType.INHERIT, paramLabel = "FILE",
            defaultValue = "${env:POOL_TLS_TRUSTSTORE}",
            description = "PEM or PKCS12 certificates the server's must chain to (POOL_TLS_TRUSTSTORE); "
                    + "the server's certificate must also name the --server host.")
    private Path tlsTruststore;

    @Option(names = "--tls-keystore", scope = ScopeType.INHERIT, paramLabel = "FILE",
            defaultValue = "${env:POOL_TLS_KEYSTORE}",
            description = "PKCS12 key and certificate to present for mutual TLS (POOL_TLS_KEYSTORE); its password "
                    + "from POOL_TLS_KEYSTORE_PASSWORD or --tls-keystore-password-file.")
    private Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            defaultValue = "${env:POOL_TLS_KEYSTORE_PASSWORD_FILE}",
            description = "File holding the --tls-keystore password (POOL_TLS_KEYSTORE_PASSWORD_FILE).")
    private Path tlsKeystorePasswordFile;

    private boolean verbose;

    /**
     * The simple Log4j provider's default level (see {@code log4j2.simplelog.properties} in the runnable
     * jar). It is read when the first logger is made, so {@code --verbose} sets it while the command line
     * is parsed and no class with a logger may be initialized before that.
     */
    static final String LOG_LEVEL_PROPERTY = "org.apache.logging.log4j.simplelog.level";

    /** The subcommands, in the order help lists them. */
    static final List<String> COMMANDS = List.of("lease", "sql", "stats", "demo", "stress", "admin");

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand. */
    static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command line for {@code args}: with only the subcommands they name, or all when they name none
     * (help, version, a typo). Picocli reads every registered command's options by reflection when the
     * command line is built, so a short-lived {@code stats} would otherwise pay for {@code stress} too.
     */
    static CommandLine commandLine(String[] args) {
        List<String> named = new ArrayList<>();
        for (String command : COMMANDS) {
            if (List.of(args).contains(command)) {
                named.add(command);
            }
        }
        return commandLine(named.isEmpty() ? COMMANDS : named);
    }

    private static Object newCommand(String name) {
        return switch (name) {
            case "lease" -> new LeaseCommand();
            case "sql" -> new SqlCommand();
            case "stats" -> new StatsCommand();
            case "demo" -> new DemoCommand();
            case "stress" -> new StressCommand();
            case "admin" -> new AdminCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    private static CommandLine commandLine(List<String> commands) {
        ClientMain main = new ClientMain();
        CommandLine cl = new CommandLine(main);
        for (String command : commands) {
            cl.addSubcommand(command, newCommand(command));
        }
        cl.setParameterExceptionHandler((e, args) -> main.report(cl.getErr(), e));
        cl.setExecutionExceptionHandler((e, failed, parseResult) -> main.report(failed.getErr(), e));

        showExitCodes(cl);
        return cl;
    }

    private static void showExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
        for (CommandLine sub : cl.getSubcommands().values()) {
            showExitCodes(sub);
        }
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at DEBUG to stderr, and print stack traces of errors.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        if (verbose) {
            System.setProperty(LOG_LEVEL_PROPERTY, "DEBUG");
        }
    }

    /** Whether {@code --verbose} was given. */
    boolean verbose() {
        return verbose;
    }

    /** Without a command there is nothing to do: show the usage and fail as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (lease, sql, stats, demo, stress, admin)");
    }

    /** Prints {@code failure} as one line (plus its stack trace with --verbose) and returns its exit code. */
    private int report(PrintWriter err, Exception failure) {
        err.println(ERROR_PREFIX + describe(failure));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return ExitCode.of(failure).code;
    }

    /**
     * The one line that reports {@code failure}: for a SQL error its SQLState and vendor code first, which
     * is what a user looks up; else its message.
     */
    static String describe(Throwable failure) {
        if (failure instanceof SqlFailedException e) {
            String state = e.sqlState() == null ? "" : e.sqlState() + " ";
            return "SQL error " + state + "(vendor code " + e.vendorCode() + "): " + oneLine(e);
        }
        return oneLine(failure);
    }

    static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** The shared options as given: how to reach and log in to the servers named on the command line. */
    private ConnectionOptions givenOptions() {
        return new ConnectionOptions(servers, name, secretFile, tls, tlsTruststore, tlsKeystore, tlsKeystorePasswordFile);
    }

    /**
     * The shared options that say how to reach and log in to the servers: those given, or, with
     * {@code --discover}, every server of the first one's fleet (asked once, the first time).
     *
     * @throws ServerUnreachableException when discovery cannot reach the first server
     * @throws PoolException when that server refuses the login
     */
    ConnectionOptions connectionOptions() throws PoolException, ServerUnreachableException {
        ConnectionOptions given = givenOptions();
        if (!discover) {
            return given;
        }
        if (discovered == null) {
            ClientSerialFilter.install();
            discovered = given.discovered(secret(), tlsContext());
        }
        return discovered;
    }

    /**
     * Refuses several {@code --server}s, as a usage error saying {@code why} the command needs one.
     *
     * @throws CommandLine.ParameterException when more than one server is given
     */
    void requireOneServer(String why) {
        if (servers.size() != 1 || discover) {
            throw new CommandLine.ParameterException(spec.commandLine(), spec.commandLine().getParseResult()
                    .subcommand().commandSpec().name() + " takes one --server" + (discover ? ", without --discover" : "")
                    + ": " + why);
        }
    }

    /**
     * Connects and logs in with the shared options, after installing the client's serialization filter:
     * every remote call of the command line goes through here. (Not earlier: a command that makes no
     * remote call, such as the demo's parent, then sets up neither the filter nor logging.)
     */
    PoolFleetClient connect() throws PoolException, ServerUnreachableException {
        ClientSerialFilter.install();
        return connectionOptions().connect(secret(), tlsContext());
    }

    /**
     * The login secret, from {@code --secret-file}, {@code POOL_SECRET_FILE} or {@code POOL_SECRET}; null for none.
     *
     * @throws CommandLine.ParameterException when a secret file is missing, unreadable or empty
     */
    byte[] secret() {
        try {
            return givenOptions().secret();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * The TLS context the TLS options describe, or null for plain TCP.
     *
     * @throws CommandLine.ParameterException when a store cannot be read or its password is missing or wrong
     */
    SSLContext tlsContext() {
        try {
            return givenOptions().tlsContext();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * What a worker in {@code role} is told about the server and logging: this process's shared options,
     * with absolute paths. No secret or password itself: a worker gets the files' paths, or inherits the
     * {@code POOL_*} variables with the environment.
     */
    WorkerSettings workerSettings(String role) throws PoolException, ServerUnreachableException {
        return WorkerSettings.of(role, connectionOptions(), verbose);
    }

    /** The version maven-jar-plugin records in the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = ClientMain.class.getResourceAsStream(
                    "/META-INF/maven/io.rmipool/pool-client/pom.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"pool-client " + p.getProperty("version", "(development build)")};
        }
    }
}
