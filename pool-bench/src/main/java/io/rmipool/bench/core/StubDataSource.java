package io.rmipool.bench.core;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link StubDriver} as a {@link DataSource}, the form HikariCP takes an unregistered driver in.
 * Thread-safe for what the pools do with it (opening connections); the log writer and login timeout
 * are kept only because a DataSource must keep them.
 */
final class StubDataSource implements DataSource {
    private final StubDriver driver;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    StubDataSource(StubDriver driver) {
        this.driver = driver;
    }

    @Override
    public Connection getConnection() {
        return driver.connect(StubDriver.URL, new Properties());
    }

    @Override
    public Connection getConnection(String user, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the stub data source does not log");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
