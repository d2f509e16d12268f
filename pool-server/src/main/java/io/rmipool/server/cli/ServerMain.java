package io.rmipool.server.cli;

import io.rmipool.api.config.Durations;
import io.rmipool.server.jdbc.JdbcConnector;
import io.rmipool.server.jdbc.SqlLimits;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.pool.ConnectionPool;
import io.rmipool.server.pool.DatabaseConnectionPool;
import io.rmipool.server.pool.PoolSettings;
import io.rmipool.server.pool.UnsafeConnectionPool;
import io.rmipool.server.rmi.RmiPoolServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import sun.misc.Signal;

/**
 * {@code java -jar pool-server.jar}: reads the options (flags win over {@code POOL_*} environment
 * variables), opens the pool, serves it over RMI, prints one {@code ready} line on stdout, and on
 * SIGTERM or SIGINT shuts down cleanly with exit code 0.
 */
@Command(name = "pool-server", mixinStandardHelpOptions = true, version = "pool-server 0.1.0",
        sortOptions = false, showDefaultValues = true,
        description = "Serves a pool of JDBC connections to client JVMs over Java RMI.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  stopped cleanly (SIGTERM / SIGINT)",
                  "  1  could not start or run (port in use, database unreachable, ...)",
                  "  2  bad usage (unknown option, invalid value)",
                  "Every option can also be set by the environment variable shown in its description;",
                  "a flag wins over the variable."})
public final class ServerMain implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final Logger LOG = LogManager.getLogger(ServerMain.class);
    /** A connection's network timeout is the statement timeout plus this: only a silent database trips it. */
    private static final Duration NETWORK_TIMEOUT_MARGIN = Duration.ofSeconds(30);

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:POOL_PORT:-1099}",
            description = "The one TCP port for the registry and every remote object (POOL_PORT).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "${env:POOL_HOST:-localhost}",
            description = "Host name written into stubs: a name clients can reach (POOL_HOST).")
    String host;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "${env:POOL_NAME:-pool}",
            description = "Registry name of the pool (POOL_NAME).")
    String name;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "${env:POOL_MAX_CONNECTIONS:-10}",
            description = "Number of real JDBC connections shared (POOL_MAX_CONNECTIONS).")
    int maxConnections;

    @Option(names = "--max-waiters", paramLabel = "N", defaultValue = "${env:POOL_MAX_WAITERS:-1000}",
            description = "Callers that may wait for a connection at once; more are refused (POOL_MAX_WAITERS).")
    int maxWaiters;

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "${env:POOL_JDBC_URL:-jdbc:h2:mem:rmipool;DB_CLOSE_DELAY=-1}",
            description = "JDBC URL of the database (POOL_JDBC_URL); the default is H2 in memory.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "${env:POOL_JDBC_USER:-}",
            description = "Database user (POOL_JDBC_USER).")
    String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "PASSWORD", defaultValue = "${env:POOL_JDBC_PASSWORD:-}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Database password (POOL_JDBC_PASSWORD; prefer the variable: flags show in ps).")
    String jdbcPassword;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", defaultValue = "${env:POOL_LEASE_TTL:-30s}", converter = DurationConverter.class,
            description = "A lease not renewed for this long is reclaimed (POOL_LEASE_TTL).")
    Duration leaseTtl;

    @Option(names = "--max-lifetime", paramLabel = "DURATION", defaultValue = "${env:POOL_MAX_LIFETIME:-30m}",
            converter = DurationConverter.class,
            description = "A connection is replaced after this long, less up to 5%% at random (POOL_MAX_LIFETIME).")
    Duration maxLifetime;

    @Option(names = "--keepalive", paramLabel = "DURATION", defaultValue = "${env:POOL_KEEPALIVE:-1m}",
            converter = DurationConverter.class,
            description = "An idle connection unchecked this long is validated in the background (POOL_KEEPALIVE).")
    Duration keepalive;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", defaultValue = "${env:POOL_STATEMENT_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description = "The database cancels a remote statement running longer (POOL_STATEMENT_TIMEOUT).")
    Duration statementTimeout;

    @Option(names = "--max-result-rows", paramLabel = "N", defaultValue = "${env:POOL_MAX_RESULT_ROWS:-10000}",
            description = "A result with more rows is refused (POOL_MAX_RESULT_ROWS).")
    int maxResultRows;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "File holding the shared secret clients must prove (trailing newline ignored). "
                    + "Without it, POOL_SECRET is used; without either, any client may log in.")
    Path secretFile;

    @Option(names = "--unsafe", paramLabel = "true|false", defaultValue = "${env:POOL_UNSAFE:-false}", arity = "0..1", fallbackValue = "true",
            description = "Serve the seed's unsynchronized pool, to show the race on purpose (POOL_UNSAFE).")
    boolean unsafe;

    @Option(names = "--race-delay", paramLabel = "DURATION", defaultValue = "${env:POOL_RACE_DELAY:-0}", converter = DurationConverter.class,
            description = "Pause between reading the last idle connection and removing it, e.g. 100ms "
                    + "(POOL_RACE_DELAY). The safe pool stays correct with it.")
    Duration raceDelay;

    @Option(names = "--verbose", description = "Debug logging, and stack traces with errors.")
    boolean verbose;

    /** Counted down by SIGTERM / SIGINT. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cmd = new CommandLine(new ServerMain());
        cmd.setParameterExceptionHandler((ex, argv) -> {
            cmd.getErr().println("pool-server: " + describe(ex, argv));
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            ServerMain self = commandLine.getCommand();
            if (self.verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("pool-server: " + ex.getMessage());
            return EXIT_FAILED;
        });
        return cmd.execute(args);
    }

    /**
     * picocli's message, plus the environment variable a bad value came from when no flag gave it.
     * Every option {@code --some-name} has the variable {@code POOL_SOME_NAME}.
     */
    private static String describe(ParameterException ex, String[] argv) {
        String message = ex.getMessage();
        if (ex.getArgSpec() instanceof OptionSpec) {
            OptionSpec option = (OptionSpec) ex.getArgSpec();
            String flag = option.longestName();
            String variable = "POOL_" + flag.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
            boolean onCommandLine = Arrays.stream(argv).anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
            if (!onCommandLine && System.getenv(variable) != null) {
                message += " (from environment variable " + variable + ")";
            }
        }
        return message;
    }

    @Override
    public Integer call() throws Exception {
        PoolSettings settings = validatedSettings();
        SqlLimits limits = validated(() -> new SqlLimits(maxResultRows, statementTimeout));
        byte[] secret = readSecret();
        if (verbose) {
            Configurator.setLevel("io.rmipool", Level.DEBUG);
        }
        // Written into every stub: must be set before the first export.
        System.setProperty("java.rmi.server.hostname", host);

        JdbcConnector connector = new JdbcConnector(jdbcUrl, jdbcUser, jdbcPassword,
                statementTimeout.plus(NETWORK_TIMEOUT_MARGIN));
        ConnectionPool pool = openPool(connector, settings);
        RmiPoolServer server;
        try {
            server = new RmiPoolServer(port, name, secret, pool, new SqlRunner(limits));
        } catch (RemoteException e) {
            pool.close();
            throw new IllegalStateException("cannot serve on port " + port + ": " + rootMessage(e), e);
        }
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());

        System.out.println("pool-server ready: rmi://" + host + ":" + port + "/" + name
                + " (" + settings.maxConnections() + " connections, " + (unsafe ? "UNSAFE" : "safe") + " pool)");
        System.out.flush();

        stopRequested.await();
        LOG.info("stopping: no more leases, unbinding '{}', closing connections", name);
        pool.close();     // first: waiters are woken and no lease is granted from here on
        server.close();
        LOG.info("stopped");
        LogManager.shutdown();
        return EXIT_OK;
    }

    private PoolSettings validatedSettings() {
        CommandLine cmd = new CommandLine(this);
        if (port < 1 || port > 65535) {
            throw new ParameterException(cmd, "--port must be between 1 and 65535, got " + port);
        }
        if (host.isBlank() || name.isBlank()) {
            throw new ParameterException(cmd, (host.isBlank() ? "--host" : "--name") + " must not be empty");
        }
        return validated(() -> new PoolSettings(maxConnections, maxWaiters, leaseTtl, raceDelay, maxLifetime, keepalive));
    }

    /** Builds a settings record, turning its range check into a usage error. */
    private <T> T validated(java.util.function.Supplier<T> settings) {
        try {
            return settings.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    private byte[] readSecret() {
        String text;
        if (secretFile != null) {
            try {
                text = Files.readString(secretFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ParameterException(new CommandLine(this),
                        "cannot read --secret-file " + secretFile + ": " + rootMessage(e));
            }
        } else {
            return secretFromEnvironment();
        }
        byte[] secret = secretBytes(text);
        if (secret.length == 0) {
            throw new ParameterException(new CommandLine(this), "the shared secret in " + secretFile + " is empty");
        }
        return secret;
    }

    /** POOL_SECRET, or null when unset or empty ({@code POOL_SECRET=} from docker-compose means none). */
    static byte[] secretFromEnvironment() {
        String text = System.getenv("POOL_SECRET");
        byte[] secret = text == null ? null : secretBytes(text);
        return secret == null || secret.length == 0 ? null : secret;
    }

    /** The secret's bytes, without the trailing newline editors add. */
    private static byte[] secretBytes(String text) {
        return text.replaceAll("[\\r\\n]+$", "").getBytes(StandardCharsets.UTF_8);
    }

    private ConnectionPool openPool(JdbcConnector connector, PoolSettings settings) {
        try {
            return unsafe ? UnsafeConnectionPool.open(connector, settings) : DatabaseConnectionPool.open(connector, settings);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open database connections to " + connector.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** Accepts the spellings of {@link Durations#parse}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
