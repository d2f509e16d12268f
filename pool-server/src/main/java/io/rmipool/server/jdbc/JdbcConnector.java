package io.rmipool.server.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the pool's JDBC connections, makes a returned connection clean for its next holder, and
 * tells whether a connection still works.
 *
 * <p>Drivers are found through {@link java.sql.DriverManager}'s service loading, so any JDBC 4
 * driver on the class path works ({@code jdbc:h2:} and {@code jdbc:postgresql:} ship in
 * {@code pool-server.jar}). Thread-safe: it holds only immutable settings.
 */
public final class JdbcConnector {
    /** Bound on {@link Connection#isValid}: a connection that cannot answer this fast is not worth keeping. */
    public static final int VALIDATION_TIMEOUT_SECONDS = 2;
    private static final Pattern HOST = Pattern.compile("^jdbc:[a-z0-9:]+://(?:[^/@?;]*@)?([^/?;]+)");

    private final String url;
    private final Properties credentials = new Properties();

    public JdbcConnector(String url, String user, String password) {
        this.url = url;
        if (user != null && !user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
    }

    /** Opens one new physical connection, in auto-commit mode. */
    public Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(url, credentials);
        try {
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Undoes whatever a holder left behind: an open transaction is rolled back, auto-commit and the
     * transaction isolation restored, warnings cleared. Drivers refuse {@code rollback()} in
     * auto-commit mode, hence the check (answered locally by the common drivers, no round trip).
     */
    public void reset(Connection c, int isolation) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
        }
        c.setTransactionIsolation(isolation);
        c.clearWarnings();
    }

    /** Whether {@code c} still answers, within {@link #VALIDATION_TIMEOUT_SECONDS}. Never throws. */
    public boolean isAlive(Connection c) {
        try {
            return c.isValid(VALIDATION_TIMEOUT_SECONDS);
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

    static String redact(String url) {
        // user:password@host (PostgreSQL and others) and ;PASSWORD=... / ?password=... parameters
        String noUserInfo = url.replaceAll("//[^/@?;]*@", "//");
        return noUserInfo.replaceAll("(?i)(password|pwd|user)=[^;&]*", "$1=***");
    }
}
