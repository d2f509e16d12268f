package io.rmipool.client.cli;

import io.rmipool.api.PoolException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.config.Secrets;
import io.rmipool.api.config.TlsPasswords;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.client.ClientSerialFilter;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolClient;
import io.rmipool.client.ServerUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
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
        description = "Leases connections from an RMI Pool server, runs SQL on them, shows the pool's stats, and runs the multi-process demo and stress test.",
        subcommands = {LeaseCommand.class, SqlCommand.class, StatsCommand.class, DemoCommand.class, StressCommand.class,
                DemoWorkerCommand.class, StressWorkerCommand.class})
public final class ClientMain implements Runnable {
    static final String ERROR_PREFIX = "pool-client: ";

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
            defaultValue = "localhost:1099", converter = HostPort.Converter.class,
            description = "The pool server's registry (default: ${DEFAULT-VALUE}).")
    private HostPort server;

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

    public static void main(String[] args) {
        ClientSerialFilter.install();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; {@link #main} runs it. */
    static CommandLine commandLine() {
        ClientMain main = new ClientMain();
        CommandLine cl = new CommandLine(main);
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
            description = "Log io.rmipool at DEBUG to stderr, and print stack traces of errors.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        if (verbose) {
            Configurator.setLevel("io.rmipool", Level.DEBUG);
        }
    }

    /** Without a command there is nothing to do: show the usage and fail as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (lease, sql, stats, demo, stress)");
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

    /** Connects and logs in with the shared options. */
    PoolClient connect() throws PoolException, ServerUnreachableException {
        ClientSettings settings = new ClientSettings(server.host(), server.port(), name, secret(), null, null);
        SSLContext context = tlsContext();
        return PoolClient.connect(context == null ? settings : settings.withTls(context));
    }

    /**
     * The login secret, from {@code --secret-file}, {@code POOL_SECRET_FILE} or {@code POOL_SECRET}; null for none.
     *
     * @throws CommandLine.ParameterException when a secret file is missing, unreadable or empty
     */
    byte[] secret() {
        try {
            return Secrets.fromEnvironment(secretFile);
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
        if (!tls && tlsTruststore == null && tlsKeystore == null) {
            return null;
        }
        try {
            char[] keyPassword = tlsKeystore == null ? null
                    : TlsPasswords.keystorePassword(tlsKeystorePasswordFile, System.getenv());
            return TlsContexts.client(tlsTruststore, TlsPasswords.truststorePassword(System.getenv()), tlsKeystore,
                    keyPassword);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * The arguments that start a worker process on {@code subcommand} with this process's shared options.
     * No secret or password itself goes on a command line, where {@code ps} shows it: a worker gets the
     * files' paths, or inherits the {@code POOL_*} variables with the environment.
     */
    List<String> workerArguments(String subcommand, String... options) {
        List<String> args = new ArrayList<>();
        args.add(subcommand);
        args.add("--server");
        args.add(server.toString());
        args.add("--name");
        args.add(name);
        addPath(args, "--secret-file", secretFile);
        if (tls) {
            args.add("--tls");
        }
        addPath(args, "--tls-truststore", tlsTruststore);
        addPath(args, "--tls-keystore", tlsKeystore);
        addPath(args, "--tls-keystore-password-file", tlsKeystorePasswordFile);
        if (verbose) {
            args.add("--verbose");
        }
        args.addAll(List.of(options));
        return args;
    }

    private static void addPath(List<String> args, String option, Path path) {
        if (path != null) {
            args.add(option);
            args.add(path.toAbsolutePath().toString());
        }
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
