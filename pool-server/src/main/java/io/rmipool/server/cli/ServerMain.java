package io.rmipool.server.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rmipool.api.PoolException;
import io.rmipool.api.config.Durations;
import io.rmipool.api.config.Secrets;
import io.rmipool.api.config.TlsPasswords;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.server.admin.PoolAdministration;
import io.rmipool.server.fleet.ZooKeeperFleet;
import io.rmipool.server.jdbc.JdbcConnector;
import io.rmipool.server.jdbc.PrivilegeCheck;
import io.rmipool.server.jdbc.RestrictedH2;
import io.rmipool.server.jdbc.SqlLimits;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.metrics.MetricsEndpoint;
import io.rmipool.server.metrics.PoolJmx;
import io.rmipool.server.metrics.PoolMetrics;
import io.rmipool.server.net.NetSettings;
import io.rmipool.server.pool.ConnectionBudget;
import io.rmipool.server.pool.ConnectionPool;
import io.rmipool.server.pool.DatabaseConnectionPool;
import io.rmipool.server.pool.PoolSettings;
import io.rmipool.server.pool.UnsafeConnectionPool;
import io.rmipool.server.rmi.RmiPoolServer;
import io.rmipool.server.rmi.SessionSettings;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;
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
        footer = {"  0  stopped cleanly (SIGTERM / SIGINT, or 'pool-client admin drain')",
                  "  1  could not start or run (port in use, database unreachable, ...)",
                  "  2  bad usage (unknown option, invalid value, unsafe exposure: a non-loopback --bind",
                  "     without a secret, or without TLS and --plaintext; a secret under 16 bytes; an admin",
                  "     secret under 16 bytes or equal to the clients' secret)",
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

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:POOL_BIND:-127.0.0.1}",
            description = "Local address the port listens on (POOL_BIND); 0.0.0.0 for all. Any address that is "
                    + "not loopback needs a secret, and TLS unless --plaintext.")
    String bind;

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
            description = "File holding the shared secret clients must prove, at least 16 bytes (trailing newline "
                    + "ignored; scripts/new-secret.sh makes one). Without it, POOL_SECRET_FILE or POOL_SECRET; "
                    + "without any, any local client may log in (loopback only).")
    Path secretFile;

    @Option(names = "--admin-secret-file", paramLabel = "FILE",
            description = "File holding the admin secret, at least 16 bytes and not the clients' secret: enables "
                    + "'pool-client admin' (pause, resume, drain, resize, evict). Without it, POOL_ADMIN_SECRET_FILE "
                    + "or POOL_ADMIN_SECRET; without any, admin operations are disabled.")
    Path adminSecretFile;

    @Option(names = "--drain-on-stop", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:POOL_DRAIN_ON_STOP:-0}",
            description = "On SIGTERM / SIGINT, refuse new leases and wait up to this long for the held ones to come "
                    + "back before stopping (POOL_DRAIN_ON_STOP); keep it under the stop timeout (docker stop: 10 s).")
    Duration drainOnStop;

    @Option(names = "--tls-keystore", paramLabel = "FILE", defaultValue = "${env:POOL_TLS_KEYSTORE}",
            description = "PKCS12 file with the server's key and certificate: serve TLS (POOL_TLS_KEYSTORE). "
                    + "Its password: POOL_TLS_KEYSTORE_PASSWORD or --tls-keystore-password-file.")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
            defaultValue = "${env:POOL_TLS_KEYSTORE_PASSWORD_FILE}",
            description = "File holding the keystore's password (POOL_TLS_KEYSTORE_PASSWORD_FILE).")
    Path tlsKeystorePasswordFile;

    @Option(names = "--tls-truststore", paramLabel = "FILE", defaultValue = "${env:POOL_TLS_TRUSTSTORE}",
            description = "PEM or PKCS12 certificates client certificates must chain to: mutual TLS (POOL_TLS_TRUSTSTORE).")
    Path tlsTruststore;

    @Option(names = "--plaintext", paramLabel = "true|false", defaultValue = "${env:POOL_PLAINTEXT:-false}",
            arity = "0..1", fallbackValue = "true",
            description = "Serve a non-loopback --bind without TLS, on purpose (POOL_PLAINTEXT); logged as a WARN.")
    boolean plaintext;

    @Option(names = "--max-client-connections", paramLabel = "N",
            defaultValue = "${env:POOL_MAX_CLIENT_CONNECTIONS:-" + NetSettings.DEFAULT_MAX_CONNECTIONS + "}",
            description = "Client TCP connections open at once; more are closed at once (POOL_MAX_CLIENT_CONNECTIONS).")
    int maxClientConnections;

    @Option(names = "--max-client-connections-per-address", paramLabel = "N",
            defaultValue = "${env:POOL_MAX_CLIENT_CONNECTIONS_PER_ADDRESS:-" + NetSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + "}",
            description = "Client TCP connections open at once from one address (POOL_MAX_CLIENT_CONNECTIONS_PER_ADDRESS).")
    int maxClientConnectionsPerAddress;

    @Option(names = "--client-read-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:POOL_CLIENT_READ_TIMEOUT:-1m}",
            description = "A client connection silent this long is closed (POOL_CLIENT_READ_TIMEOUT).")
    Duration clientReadTimeout;

    @Option(names = "--max-sessions", paramLabel = "N",
            defaultValue = "${env:POOL_MAX_SESSIONS:-" + SessionSettings.DEFAULT_MAX_SESSIONS + "}",
            description = "Logged-in sessions at once; more logins are refused (POOL_MAX_SESSIONS).")
    int maxSessions;

    @Option(names = "--max-sessions-per-client", paramLabel = "N",
            defaultValue = "${env:POOL_MAX_SESSIONS_PER_CLIENT:-" + SessionSettings.DEFAULT_MAX_SESSIONS_PER_CLIENT + "}",
            description = "Sessions at once under one client id (POOL_MAX_SESSIONS_PER_CLIENT).")
    int maxSessionsPerClient;

    @Option(names = "--session-idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:POOL_SESSION_IDLE_TIMEOUT:-10m}",
            description = "A session with no call this long is closed and its leases released (POOL_SESSION_IDLE_TIMEOUT).")
    Duration sessionIdleTimeout;

    @Option(names = "--unsafe", paramLabel = "true|false", defaultValue = "${env:POOL_UNSAFE:-false}", arity = "0..1", fallbackValue = "true",
            description = "Serve the seed's unsynchronized pool, to show the race on purpose (POOL_UNSAFE).")
    boolean unsafe;

    @Option(names = "--race-delay", paramLabel = "DURATION", defaultValue = "${env:POOL_RACE_DELAY:-0}", converter = DurationConverter.class,
            description = "Pause between reading the last idle connection and removing it, e.g. 100ms "
                    + "(POOL_RACE_DELAY). The safe pool stays correct with it.")
    Duration raceDelay;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:POOL_METRICS_PORT}",
            description = "Serve Prometheus metrics at http://<metrics-bind>:PORT/metrics (POOL_METRICS_PORT); "
                    + "0 for any free port (the ready line says which). Off when not given.")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "${env:POOL_METRICS_BIND:-127.0.0.1}",
            description = "Local address the metrics port listens on (POOL_METRICS_BIND); it serves counts only, "
                    + "without authentication.")
    String metricsBind;

    @Option(names = "--zookeeper", paramLabel = "HOST:PORT[,HOST:PORT...]", defaultValue = "${env:POOL_ZOOKEEPER}",
            description = "Join a fleet: the servers naming this ZooKeeper and the same --name share one cap of "
                    + "--global-max-connections (POOL_ZOOKEEPER). Each opens connections only while it holds one of "
                    + "the cap's leases: one at start, more while callers wait, up to --max-connections.")
    String zookeeper;

    @Option(names = "--global-max-connections", paramLabel = "N", defaultValue = "${env:POOL_GLOBAL_MAX_CONNECTIONS}",
            description = "With --zookeeper: connections the whole fleet may have open at once (POOL_GLOBAL_MAX_CONNECTIONS).")
    Integer globalMaxConnections;

    @Option(names = "--zookeeper-session-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:POOL_ZOOKEEPER_SESSION_TIMEOUT:-10s}",
            description = "With --zookeeper: how long ZooKeeper keeps the leases of a server it stopped hearing from "
                    + "(POOL_ZOOKEEPER_SESSION_TIMEOUT).")
    Duration zookeeperSessionTimeout;

    @Option(names = "--fleet-idle-release", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:POOL_FLEET_IDLE_RELEASE:-30s}",
            description = "With --zookeeper: a connection idle this long, with nobody waiting, gives its lease back to "
                    + "the fleet (POOL_FLEET_IDLE_RELEASE).")
    Duration fleetIdleRelease;

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
        String logFormat = System.getenv("POOL_LOG_FORMAT");
        if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ParameterException(new CommandLine(this),
                    "POOL_LOG_FORMAT must be text or json, got '" + logFormat + "'");
        }
        PoolSettings settings = validatedSettings();
        SqlLimits limits = validated(() -> new SqlLimits(maxResultRows, statementTimeout));
        SessionSettings sessions = validated(() -> new SessionSettings(maxSessions, maxSessionsPerClient, sessionIdleTimeout));
        byte[] secret = validated(() -> Secrets.fromEnvironment(secretFile));
        byte[] adminSecret = validatedAdminSecret(secret);
        if (drainOnStop.isNegative() || drainOnStop.compareTo(PoolAdministration.MAX_DRAIN) > 0) {
            throw new ParameterException(new CommandLine(this), "--drain-on-stop must be between 0 and "
                    + PoolAdministration.MAX_DRAIN.toHours() + "h, got " + drainOnStop.toMillis() + "ms");
        }
        NetSettings net = validatedExposure(secret);
        if (verbose) {
            Configurator.setLevel("io.rmipool", Level.DEBUG);
        }
        rejectSerializedObjectsByDefault();
        // Written into every stub: must be set before the first export.
        System.setProperty("java.rmi.server.hostname", host);

        RestrictedH2 h2 = null;
        JdbcConnector connector;
        if (RestrictedH2.applies(jdbcUrl, jdbcUser)) {
            h2 = openRestrictedH2();
            connector = new JdbcConnector(h2.poolUrl(), h2.poolUser(), h2.poolPassword(),
                    statementTimeout.plus(NETWORK_TIMEOUT_MARGIN));
        } else {
            connector = new JdbcConnector(jdbcUrl, jdbcUser, jdbcPassword, statementTimeout.plus(NETWORK_TIMEOUT_MARGIN));
        }
        warnIfPrivileged(connector);
        InetAddress metricsAddress = validatedMetricsAddress();
        ZooKeeperFleet fleet = joinFleet(settings);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PoolMetrics metrics = new PoolMetrics(meters, name);
        connector.reportOpenTimesTo(metrics::connectionOpened);
        ConnectionPool pool;
        try {
            pool = openPool(connector, settings, metrics, fleet);
        } catch (RuntimeException e) {
            if (fleet != null) {
                fleet.close();
            }
            throw e;
        }
        metrics.watch(pool);
        PoolAdministration administration = new PoolAdministration(pool, stopRequested::countDown);
        RmiPoolServer server;
        try {
            server = new RmiPoolServer(port, name, secret, pool, new SqlRunner(limits), net, sessions, metrics,
                    adminSecret == null ? null : new RmiPoolServer.AdminRole(adminSecret, administration));
        } catch (RemoteException e) {
            pool.close();
            throw new IllegalStateException("cannot serve on " + net.bindAddress().getHostAddress() + ":" + port
                    + ": " + rootMessage(e), e);
        }
        PoolJmx jmx = PoolJmx.register(name, pool, administration);
        MetricsEndpoint endpoint = null;
        if (metricsAddress != null) {
            try {
                endpoint = MetricsEndpoint.start(metricsAddress, metricsPort, meters);
            } catch (IOException e) {
                jmx.close();
                server.close();
                pool.close();
                throw new IllegalStateException("cannot serve metrics on " + metricsAddress.getHostAddress() + ":"
                        + metricsPort + ": " + rootMessage(e), e);
            }
        }
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());

        System.out.println("pool-server ready: rmi://" + host + ":" + port + "/" + name
                + " (" + (fleet == null ? "" : "up to ") + settings.maxConnections() + " connections, "
                + (unsafe ? "UNSAFE" : "safe") + " pool, "
                + (net.tls() == null ? "plain text" : net.clientAuth() ? "mutual TLS" : "TLS")
                + " on " + net.bindAddress().getHostAddress() + ")"
                + (endpoint == null ? "" : "; metrics on http://" + hostPort(metricsAddress, endpoint.port()) + "/metrics")
                + (fleet == null ? "" : "; in a fleet of at most " + fleet.max() + " connections through ZooKeeper at " + zookeeper
                        + ", token epoch " + fleet.firstEpoch()));
        System.out.flush();

        stopRequested.await();
        if (!drainOnStop.isZero() && !pool.stats().draining()) {
            try {
                administration.drain("the stop signal", drainOnStop);
            } catch (PoolException e) {
                LOG.warn("no drain before the stop: {}", e.getMessage());
            }
        }
        LOG.info("stopping: no more leases, unbinding '{}', closing connections", name);
        pool.close();     // first: waiters are woken and no lease is granted from here on
        if (fleet != null) {
            fleet.close();  // after every connection is closed: its leases go back to the fleet
        }
        server.close();
        if (endpoint != null) {
            endpoint.close();
        }
        jmx.close();
        if (h2 != null) {
            h2.close();
        }
        LOG.info("stopped");
        LogManager.shutdown();
        return EXIT_OK;
    }

    /**
     * The admin secret, or null when admin operations are off. Unlike the clients' secret it is needed on
     * loopback too (an admin can stop the server), and it must differ from the clients' secret, or every
     * client would be an admin.
     */
    private byte[] validatedAdminSecret(byte[] secret) {
        byte[] admin = validated(() -> Secrets.loadAdmin(adminSecretFile, System.getenv()));
        if (admin == null) {
            return null;
        }
        CommandLine cmd = new CommandLine(this);
        if (admin.length < Secrets.MIN_BYTES) {
            throw new ParameterException(cmd, "the admin secret must be at least " + Secrets.MIN_BYTES
                    + " bytes, got " + admin.length + " (scripts/new-secret.sh makes one)");
        }
        if (secret != null && MessageDigest.isEqual(secret, admin)) {
            throw new ParameterException(cmd, "the admin secret must differ from the clients' secret");
        }
        return admin;
    }

    /**
     * Where the port listens and how, refusing exposure without protection: an address that is not
     * loopback needs a secret, and TLS unless --plaintext says plain text on purpose.
     */
    private NetSettings validatedExposure(byte[] secret) {
        CommandLine cmd = new CommandLine(this);
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(cmd, "--bind " + bind + ": unknown host");
        }
        String warning = validated(() -> ExposurePolicy.check(address, bind, secret, tlsKeystore != null,
                tlsTruststore != null, plaintext));
        NetSettings net = validated(() -> new NetSettings(address, null, false, maxClientConnections,
                maxClientConnectionsPerAddress, clientReadTimeout, NetSettings.DEFAULT_MAX_SESSION_CALL_BYTES));
        if (warning != null) {
            LOG.warn("{}", warning);
        }
        if (tlsKeystore == null) {
            return net;
        }
        char[] password = validated(() -> TlsPasswords.keystorePassword(tlsKeystorePasswordFile, System.getenv()));
        SSLContext context = validated(() -> TlsContexts.server(tlsKeystore, password, tlsTruststore,
                TlsPasswords.truststorePassword(System.getenv())));
        return net.withTls(context, tlsTruststore != null);
    }

    /** A WARN when the pool's database user can take over the host through SQL; best effort. */
    private static void warnIfPrivileged(JdbcConnector connector) {
        try (Connection c = connector.open()) {
            PrivilegeCheck.danger(c).ifPresent(why -> LOG.warn("{}", why));
        } catch (SQLException e) {
            LOG.debug("could not check the database user's privileges: {}", e.getMessage());
        }
    }

    private RestrictedH2 openRestrictedH2() {
        try {
            return RestrictedH2.create(jdbcUrl);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the in-memory H2 database " + JdbcConnector.redact(jdbcUrl)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JVM-wide deserialization filter: only what a JMX client sends (see {@link #JMX_ONLY}). Every RMI
     * export of ours has its own filter, which replaces this one on its streams; the JDK's JMX agent (JConsole,
     * VisualVM attach to it) sets none, so it gets this one; anything else that deserializes in this server
     * (a driver reading a stored Java object, say) is refused. An operator's {@code -Djdk.serialFilter} is kept.
     */
    private static void rejectSerializedObjectsByDefault() {
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter(JMX_ONLY));
        }
    }

    /**
     * What a JMX client's requests carry: names, attribute lists, notification filters, open data and
     * plain values (and {@code Object[]}, the collections' storage); nothing with behaviour on deserialization (BadAttributeValueExpException calls its
     * value's toString, so it is refused by name), and nothing else at all.
     */
    static final String JMX_ONLY = "maxdepth=20;maxrefs=10000;maxbytes=1000000;maxarray=100000;"
            + "!javax.management.BadAttributeValueExpException;javax.management.*;javax.management.openmbean.*;"
            + "java.lang.Object;java.lang.String;java.lang.Boolean;java.lang.Number;java.lang.Integer;java.lang.Long;java.lang.Double;"
            + "java.lang.Float;java.lang.Short;java.lang.Byte;java.lang.Character;java.lang.Enum;"
            + "java.util.ArrayList;java.util.Vector;java.util.HashSet;java.util.Collections$*;"
            + "java.rmi.MarshalledObject;javax.security.auth.Subject;!*";

    /** Where the metrics port listens, or null when it is off. */
    private InetAddress validatedMetricsAddress() {
        if (metricsPort == null) {
            return null;
        }
        CommandLine cmd = new CommandLine(this);
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new ParameterException(cmd, "--metrics-port must be between 0 and 65535, got " + metricsPort);
        }
        if (metricsPort.intValue() == port) {
            throw new ParameterException(cmd, "--metrics-port must differ from --port (" + port + ")");
        }
        try {
            return InetAddress.getByName(metricsBind);
        } catch (UnknownHostException e) {
            throw new ParameterException(cmd, "--metrics-bind " + metricsBind + ": unknown host");
        }
    }

    private static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
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

    /** This server's membership of the fleet (its cap, token epochs and roster), joined; null without --zookeeper. */
    private ZooKeeperFleet joinFleet(PoolSettings settings) throws InterruptedException {
        CommandLine cmd = new CommandLine(this);
        if (zookeeper == null || zookeeper.isBlank()) {
            if (globalMaxConnections != null) {
                throw new ParameterException(cmd, "--global-max-connections needs --zookeeper");
            }
            return null;
        }
        if (globalMaxConnections == null || globalMaxConnections < 1 || globalMaxConnections > PoolSettings.MAX_CONNECTIONS_LIMIT) {
            throw new ParameterException(cmd, "--zookeeper needs --global-max-connections between 1 and "
                    + PoolSettings.MAX_CONNECTIONS_LIMIT + (globalMaxConnections == null ? "" : ", got " + globalMaxConnections));
        }
        if (unsafe) {
            throw new ParameterException(cmd, "--unsafe serves the seed's pool alone: it takes no --zookeeper");
        }
        if (zookeeperSessionTimeout.compareTo(Duration.ofSeconds(1)) < 0 || zookeeperSessionTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new ParameterException(cmd, "--zookeeper-session-timeout must be between 1s and 5m, got "
                    + zookeeperSessionTimeout.toMillis() + "ms");
        }
        if (fleetIdleRelease.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ParameterException(cmd, "--fleet-idle-release must be at least 100ms, got " + fleetIdleRelease.toMillis() + "ms");
        }
        try {
            return ZooKeeperFleet.join(zookeeper, name, host + ":" + port, globalMaxConnections, zookeeperSessionTimeout,
                    fleetIdleRelease);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "--zookeeper " + zookeeper + ": " + e.getMessage());
        }
    }

    private ConnectionPool openPool(JdbcConnector connector, PoolSettings settings, PoolMetrics metrics,
                                    ZooKeeperFleet fleet) {
        try {
            return unsafe ? UnsafeConnectionPool.open(connector, settings)
                    : DatabaseConnectionPool.open(connector, settings, metrics::leaseEnded,
                            fleet == null ? ConnectionBudget.UNLIMITED : fleet);
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
