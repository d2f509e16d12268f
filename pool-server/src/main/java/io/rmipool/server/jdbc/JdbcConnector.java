package io.rmipool.server.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the pool's JDBC connections and makes a returned connection clean for its next holder.
 *
 * <p>Drivers are found through {@link java.sql.DriverManager}'s service loading, so any JDBC 4
 * driver on the class path works ({@code jdbc:h2:...} ships in {@code pool-server.jar}).
 * Thread-safe: it holds only immutable settings.
 */
public final class JdbcConnector {
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
        c.setAutoCommit(true);
        return c;
    }

    /**
     * Undoes whatever a holder left behind: an open transaction is rolled back and auto-commit
     * restored; warnings are cleared. Drivers refuse {@code rollback()} in auto-commit mode, hence
     * the check (answered locally by the common drivers, no round trip).
     */
    public void reset(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
        }
        c.clearWarnings();
    }

    /** The JDBC URL without anything that may be a credential, for logs and error messages. */
    public String describe() {
        return redact(url);
    }

    static String redact(String url) {
        // user:password@host (PostgreSQL and others) and ;PASSWORD=... / ?password=... parameters
        String noUserInfo = url.replaceAll("//[^/@?;]*@", "//");
        return noUserInfo.replaceAll("(?i)(password|pwd|user)=[^;&]*", "$1=***");
    }
}
