package io.rmipool.client.jdbc;

import io.rmipool.client.PoolClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The {@code jdbc:rmipool://host[:port][/pool][?key=value&...]} driver, found by
 * {@link DriverManager} through {@code ServiceLoader}. Each {@link #connect} leases one pooled
 * connection; its {@code close()} gives it back. Connections with the same URL and properties share one
 * logged-in session (a login is several round trips), kept for the JVM's life; the server ends it after
 * its idle timeout and the client logs in again when needed. For a session you can close, use
 * {@link RmiPoolDataSource}. Thread-safe.
 */
public final class RmiPoolDriver implements Driver {
    private static final Map<String, PoolClient> SESSIONS = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new RmiPoolDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return JdbcConfig.accepts(url);
    }

    /** @return a leased connection, or null for a URL that is not {@code jdbc:rmipool:} (JDBC's contract) */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        JdbcConfig config = JdbcConfig.parse(url, info);
        return PooledConnections.lease(config, session(url, info, config));
    }

    private static PoolClient session(String url, Properties info, JdbcConfig config) throws SQLException {
        String key = keyOf(url, info);
        PoolClient known = SESSIONS.get(key);
        if (known != null) {
            return known;
        }
        synchronized (SESSIONS) {
            known = SESSIONS.get(key);
            if (known == null) {
                known = PooledConnections.logIn(config);
                SESSIONS.put(key, known);
            }
            return known;
        }
    }

    /** The URL and the properties, digested: the map of sessions keeps no secret in the clear. */
    private static String keyOf(String url, Properties info) {
        Map<String, String> sorted = new TreeMap<>();
        if (info != null) {
            info.stringPropertyNames().forEach(k -> sorted.put(k, info.getProperty(k)));
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(url.getBytes(StandardCharsets.UTF_8));
            sorted.forEach((k, v) -> sha.update(("\n" + k + "=" + v).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        String[][] known = {
                {"secret", "the login secret (or use secretFile, POOL_SECRET_FILE or POOL_SECRET)"},
                {"secretFile", "a file holding the login secret"},
                {"leaseTimeout", "how long getConnection waits for a free connection (default 30s)"},
                {"callTimeout", "how long one remote call may take (default 1m)"},
                {"connectTimeout", "how long connecting to the server may take (default 5s)"},
                {"tls", "true: connect over TLS trusting the JVM's CAs"},
                {"tlsTruststore", "certificates the server's must chain to (implies TLS)"},
                {"tlsKeystore", "a PKCS12 key and certificate for mutual TLS"},
                {"tlsKeystorePasswordFile", "the keystore's password file"},
                {"clientId", "how the server names this client"}};
        DriverPropertyInfo[] infos = new DriverPropertyInfo[known.length];
        for (int i = 0; i < known.length; i++) {
            infos[i] = new DriverPropertyInfo(known[i][0], info == null ? null : info.getProperty(known[i][0]));
            infos[i].description = known[i][1];
        }
        return infos;
    }

    @Override
    public int getMajorVersion() {
        return RmiPoolDatabaseMetaData.DRIVER_MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return RmiPoolDatabaseMetaData.DRIVER_MINOR;
    }

    /** Not a full JDBC implementation: see the README's list of what it does not do. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the rmipool driver logs through Log4j 2, not java.util.logging");
    }
}
