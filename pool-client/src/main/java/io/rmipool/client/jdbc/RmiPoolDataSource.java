package io.rmipool.client.jdbc;

import io.rmipool.client.PoolClient;
import io.rmipool.client.ServerUnreachableException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over an RMI Pool server: {@link #getConnection()} leases a pooled connection
 * (waiting up to {@code leaseTimeout}, 30s by default), and the connection's {@code close()} gives it
 * back. The data source logs in once, on its first connection, and shares that session among its
 * connections; {@link #close()} logs out, which releases whatever is still leased.
 *
 * <pre>{@code
 * RmiPoolDataSource ds = new RmiPoolDataSource();
 * ds.setUrl("jdbc:rmipool://pool.example.com:1099/pool?tls=true&leaseTimeout=10s");
 * ds.setSecretFile("/run/secrets/pool");    // or POOL_SECRET_FILE / POOL_SECRET in the environment
 * try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select ?")) { ... }
 * }</pre>
 *
 * The settings are those of the URL and its properties (see the README's JDBC section); set them before
 * the first connection. Thread-safe.
 */
public final class RmiPoolDataSource implements DataSource, AutoCloseable {
    private final Properties properties = new Properties();
    private String url;
    private PrintWriter logWriter;
    private int loginTimeoutSeconds;
    /** Guarded by this. */
    private JdbcConfig config;
    private PoolClient client;

    public RmiPoolDataSource() {
    }

    /** A data source for {@code url}, with {@code properties} (e.g. {@code secret}, {@code leaseTimeout}). */
    public RmiPoolDataSource(String url, Properties properties) {
        this.url = url;
        if (properties != null) {
            this.properties.putAll(properties);
        }
    }

    public synchronized void setUrl(String url) {
        requireNotStarted();
        this.url = url;
    }

    public synchronized String getUrl() {
        return url;
    }

    /** The login secret itself (prefer {@link #setSecretFile}, or {@code POOL_SECRET_FILE}). */
    public synchronized void setSecret(String secret) {
        set("secret", secret);
    }

    public synchronized void setSecretFile(String path) {
        set("secretFile", path);
    }

    /** How long {@link #getConnection()} waits for a free connection, e.g. {@code 10s}. */
    public synchronized void setLeaseTimeout(String duration) {
        set("leaseTimeout", duration);
    }

    /** Any URL setting by name, e.g. {@code tlsTruststore}. */
    public synchronized void setProperty(String key, String value) {
        set(key, value);
    }

    private void set(String key, String value) {
        requireNotStarted();
        if (value == null) {
            properties.remove(key);
        } else {
            properties.setProperty(key, value);
        }
    }

    private void requireNotStarted() {
        if (client != null) {
            throw new IllegalStateException("the data source is in use: set it up before its first connection");
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        JdbcConfig c;
        PoolClient session;
        synchronized (this) {
            if (config == null) {
                if (url == null) {
                    throw new SQLException("the data source has no URL: setUrl(\"jdbc:rmipool://host:port/pool\")",
                            JdbcErrors.UNABLE_TO_CONNECT);
                }
                Properties effective = new Properties();
                effective.putAll(properties);
                if (loginTimeoutSeconds > 0 && !effective.containsKey("connectTimeout")) {
                    effective.setProperty("connectTimeout", loginTimeoutSeconds + "s");
                }
                config = JdbcConfig.parse(url, effective);
            }
            if (client == null) {
                client = PooledConnections.logIn(config);
            }
            c = config;
            session = client;
        }
        return PooledConnections.lease(c, session);
    }

    /** The pool has one secret, not users: set the secret on the data source instead. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("getConnection(user, password): an RMI Pool server has one secret, "
                + "not users; set it with setSecret or setSecretFile, and call getConnection()");
    }

    /** Logs out: the server releases every connection still leased through this data source. Idempotent. */
    @Override
    public synchronized void close() throws SQLException {
        if (client != null) {
            try {
                client.close();
            } catch (ServerUnreachableException e) {
                throw JdbcErrors.of(e);
            } finally {
                client = null;
                config = null;
            }
        }
    }

    @Override
    public synchronized PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for the caller, not written to: the driver logs through Log4j 2's API. */
    @Override
    public synchronized void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** The connect timeout to the server, in seconds (0: the default, 5s). */
    @Override
    public synchronized void setLoginTimeout(int seconds) {
        requireNotStarted();
        this.loginTimeoutSeconds = Math.max(0, seconds);
    }

    @Override
    public synchronized int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the rmipool driver logs through Log4j 2, not java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return JdbcErrors.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
