package io.rmipool.server.jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The embedded H2 default made safe to hand to remote clients. H2's admin can run Java code in the
 * server ({@code CREATE ALIAS ... AS '<java source>'}), read and write any file the server can
 * ({@code FILE_READ}, {@code FILE_WRITE}, {@code RUNSCRIPT}, {@code CSVWRITE}) and stop the database
 * ({@code SHUTDOWN}). So for an in-memory H2 URL given without a user, the server
 * <ol>
 *   <li>creates the database as an admin of its own ({@code RMIPOOL_ADMIN}, random password, never
 *       handed out), which also applies the URL's settings ({@code DB_CLOSE_DELAY} and the like: they
 *       need admin rights);</li>
 *   <li>creates the user {@code RMIPOOL} (random password) with {@code ALTER ANY SCHEMA}: it may create,
 *       change and drop tables, views, sequences and schemas, and nothing that needs admin rights;</li>
 *   <li>keeps the admin connection open for the server's life (so the database lives as long as the
 *       server) and gives the pool the plain database URL with the restricted user.</li>
 * </ol>
 * Not thread-safe; made and closed by the server's main thread.
 */
public final class RestrictedH2 implements AutoCloseable {
    static final String ADMIN_USER = "RMIPOOL_ADMIN";
    static final String POOL_USER = "RMIPOOL";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection admin;
    private final String poolUrl;
    private final String poolPassword;

    private RestrictedH2(Connection admin, String poolUrl, String poolPassword) {
        this.admin = admin;
        this.poolUrl = poolUrl;
        this.poolPassword = poolPassword;
    }

    /** Whether {@code url} is an in-memory H2 database, which {@link #create} can restrict. */
    public static boolean applies(String url, String user) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:") && (user == null || user.isEmpty());
    }

    /**
     * Creates the database and its restricted user.
     *
     * @throws SQLException when the database cannot be created (e.g. it already exists with other users)
     */
    public static RestrictedH2 create(String url) throws SQLException {
        String adminPassword = randomPassword();
        String poolPassword = randomPassword();
        Connection admin = DriverManager.getConnection(url, ADMIN_USER, adminPassword);
        try (Statement s = admin.createStatement()) {
            // the passwords are [a-z0-9] only: nothing to escape
            s.execute("CREATE USER " + POOL_USER + " PASSWORD '" + poolPassword + "'");
            s.execute("GRANT ALTER ANY SCHEMA TO " + POOL_USER);
        } catch (SQLException e) {
            admin.close();
            throw e;
        }
        int settings = url.indexOf(';');
        return new RestrictedH2(admin, settings < 0 ? url : url.substring(0, settings), poolPassword);
    }

    private static String randomPassword() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            b.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return b.toString();
    }

    /** The URL the pool connects with: the database part, without the settings the admin applied. */
    public String poolUrl() {
        return poolUrl;
    }

    public String poolUser() {
        return POOL_USER;
    }

    public String poolPassword() {
        return poolPassword;
    }

    @Override
    public void close() {
        try {
            admin.close();
        } catch (SQLException e) {
            // the server is stopping anyway
        }
    }
}
