package io.rmipool.server.jdbc;

import io.rmipool.api.DatabaseInfo;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Properties;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the pool's JDBC connections (with a login timeout where the driver takes one), makes a
 * returned connection clean for its next holder, tells whether a connection still works, and closes
 * one the pool gives up on.
 *
 * <p>This is the pool's one boundary with the driver: whatever a driver throws here, unchecked
 * exceptions included, comes out as an {@link SQLException}, so the pool's state machine has one
 * failure path to handle. Every connection gets a network timeout, so that no call on it (a reset,
 * a statement whose cancel cannot reach the database) can block its thread for the OS's TCP
 * timeout.
 *
 * <p>Drivers are found through {@link java.sql.DriverManager}'s service loading, so any JDBC 4
 * driver on the class path works ({@code jdbc:h2:} and {@code jdbc:postgresql:} ship in
 * {@code pool-server.jar}). Thread-safe: it holds immutable settings, and a volatile listener of open times.
 */
public final class JdbcConnector {
    /** Bound on {@link Connection#isValid}: a connection that cannot answer this fast is not worth keeping. */
    public static final int VALIDATION_TIMEOUT_SECONDS = 2;
    /**
     * Bound on opening a connection, login included, for drivers that take one (PostgreSQL's
     * {@code loginTimeout}): a database that accepts TCP and never answers must not hold an open forever.
     */
    public static final int LOGIN_TIMEOUT_SECONDS = 10;
    private static final Pattern HOST = Pattern.compile("^jdbc:[a-z0-9:]+://(?:[^/@?;]*@)?([^/?;]+)");

    /** Told how long each successful open took; volatile: set by the server's thread, read by the pool's. */
    private volatile LongConsumer openTimes = nanos -> { };
    private final String url;
    /** The driver to ask directly, or null to let DriverManager find the one for the URL. */
    private final Driver driver;
    private final Properties credentials = new Properties();
    private final int networkTimeoutMillis;

    /**
     * @param networkTimeout how long any one call on a connection may wait for the database; longer
     *     than the statement timeout, so that only a database that stopped answering trips it
     */
    public JdbcConnector(String url, String user, String password, Duration networkTimeout) {
        this(url, user, password, networkTimeout, LOGIN_TIMEOUT_SECONDS);
    }

    /**
     * A connector that opens connections with {@code driver} itself, not through DriverManager (for a
     * driver that is not registered, or to keep DriverManager's class-path scan out of the way).
     */
    public JdbcConnector(Driver driver, String url, String user, String password, Duration networkTimeout) {
        this(driver, url, user, password, networkTimeout, LOGIN_TIMEOUT_SECONDS);
    }

    /** For tests: another login timeout. */
    JdbcConnector(String url, String user, String password, Duration networkTimeout, int loginTimeoutSeconds) {
        this(null, url, user, password, networkTimeout, loginTimeoutSeconds);
    }

    private JdbcConnector(Driver driver, String url, String user, String password, Duration networkTimeout,
                          int loginTimeoutSeconds) {
        this.driver = driver;
        this.url = url;
        this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis());
        if (user != null && !user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        if (url.startsWith("jdbc:postgresql:") && !url.contains("loginTimeout=")) {
            credentials.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
        }
    }

    /** A call on the driver that may throw anything. */
    private interface DriverCall<T> {
        T run() throws SQLException;
    }

    /** Runs a driver call, turning an unchecked exception from a misbehaving driver into an SQLException. */
    private static <T> T guarded(DriverCall<T> call) throws SQLException {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw new SQLException("the JDBC driver failed: " + e, e);
        }
    }

    /** Opens one new physical connection, in auto-commit mode, with the network timeout set. */
    public Connection open() throws SQLException {
        long started = System.nanoTime();
        Connection c = guarded(() -> {
            Connection opened = driver == null ? DriverManager.getConnection(url, credentials) : driver.connect(url, credentials);
            if (opened == null) {
                throw new SQLException("the driver does not accept " + describe(), "08001");
            }
            return opened;
        });
        try {
            guarded(() -> {
                c.setAutoCommit(true);
                try {
                    c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
                } catch (SQLFeatureNotSupportedException e) {
                    // e.g. an embedded database: there is no network to wait for
                }
                return c;
            });
            openTimes.accept(System.nanoTime() - started);
            return c;
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // giving up on this connection anyway
            }
            throw e;
        }
    }

    /**
     * Tells {@code openTimes} how long each open that succeeds from now on took (nanoseconds), on the opening
     * thread: for the pool's metrics. Set it before the pool opens its connections; it must be quick and
     * thread-safe (a meter).
     */
    public void reportOpenTimesTo(LongConsumer openTimes) {
        this.openTimes = openTimes;
    }

    /** The connection's current transaction isolation level. */
    public int isolation(Connection c) throws SQLException {
        return guarded(c::getTransactionIsolation);
    }

    /**
     * Undoes whatever a holder left behind: an open transaction is rolled back, auto-commit and the
     * transaction isolation restored, warnings cleared. Drivers refuse {@code rollback()} in
     * auto-commit mode, hence the check (answered locally by the common drivers, no round trip).
     */
    public void reset(Connection c, int isolation) throws SQLException {
        guarded(() -> {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            c.setTransactionIsolation(isolation);
            c.clearWarnings();
            return null;
        });
    }

    /** Closes {@code c}, giving up on it: whatever the driver says about it is of no use any more. Never throws. */
    public void close(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // closing a connection we are giving up on: nothing left to do with it
        }
    }

    /** Whether {@code c} still answers, within {@link #VALIDATION_TIMEOUT_SECONDS}. Never throws. */
    public boolean isAlive(Connection c) {
        try {
            return guarded(() -> c.isValid(VALIDATION_TIMEOUT_SECONDS));
        } catch (SQLException e) {
            return false;
        }
    }

    /** The JDBC URL without anything that may be a credential, for logs and error messages. */
    public String describe() {
        return redact(url);
    }

    /**
     * The database's address for a user-facing message: {@code host:port} of URLs written as
     * {@code jdbc:vendor://host:port/...}, otherwise the redacted URL (e.g. an embedded database).
     */
    public String target() {
        Matcher m = HOST.matcher(url);
        return m.find() ? m.group(1) : describe();
    }

    /** What database {@code c} leads to, from its driver's metadata. */
    public DatabaseInfo describeDatabase(Connection c) throws SQLException {
        return guarded(() -> {
            DatabaseMetaData meta = c.getMetaData();
            return new DatabaseInfo(meta.getDatabaseProductName(), meta.getDatabaseProductVersion(),
                    meta.getDatabaseMajorVersion(), meta.getDatabaseMinorVersion(), meta.getDriverName(),
                    meta.getDriverVersion(), meta.getUserName(), c.getTransactionIsolation(), features(meta));
        });
    }

    /**
     * The names of the metadata's no-argument boolean methods that answer true; one that fails counts as
     * false. An ArrayList: what the clients' serialization filter admits.
     */
    private static ArrayList<String> features(DatabaseMetaData meta) {
        ArrayList<String> yes = new ArrayList<>();
        for (Method m : DatabaseMetaData.class.getMethods()) {
            if (m.getReturnType() == boolean.class && m.getParameterCount() == 0) {
                try {
                    if ((Boolean) m.invoke(meta)) {
                        yes.add(m.getName());
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // a driver that does not know: the feature is not claimed
                }
            }
        }
        yes.sort(null);
        return yes;
    }

    public static String redact(String url) {
        // user:password@host (PostgreSQL and others) and ;PASSWORD=... / ?password=... parameters
        String noUserInfo = url.replaceAll("//[^/@?;]*@", "//");
        return noUserInfo.replaceAll("(?i)(password|pwd|user)=[^;&]*", "$1=***");
    }
}
