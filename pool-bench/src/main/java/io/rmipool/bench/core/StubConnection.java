package io.rmipool.bench.core;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection to nothing: what the pools call around a checkout and a check-in (validation,
 * auto-commit, isolation, read-only, catalog, schema, network timeout, warnings, rollback, close)
 * answers at once from a few fields, as a local call; anything that would run SQL is refused, since no
 * benchmark runs any. Being an ordinary class, not a {@link java.lang.reflect.Proxy}, a call costs what
 * a call to a real driver's local state costs (HikariCP's check-in calls {@link #clearWarnings()}
 * every time), with no reflection to blur the comparison.
 *
 * <p>Not thread-safe, like a JDBC connection in a pool: one thread at a time uses it, and the pool
 * that hands it from thread to thread orders those uses.
 */
final class StubConnection implements Connection {
    private boolean autoCommit = true;
    private boolean readOnly;
    private boolean closed;
    private int isolation = TRANSACTION_READ_COMMITTED;
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private int networkTimeoutMillis;
    private String catalog;
    private String schema;
    private Map<String, Class<?>> typeMap = Map.of();
    private final Properties clientInfo = new Properties();

    private static SQLFeatureNotSupportedException noSql() {
        return new SQLFeatureNotSupportedException("the stub connection runs no SQL");
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("connection closed", "08003");
        }
    }

    // ------------------------------------------------------------------ state the pools read and set

    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (timeoutSeconds < 0) {
            throw new SQLException("negative timeout: " + timeoutSeconds);
        }
        return !closed;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw noSql();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) {
        closed = true;
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        this.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return catalog;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        this.schema = schema;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return schema;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return isolation;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        typeMap = map;
    }

    @Override
    public void setClientInfo(String name, String value) {
        clientInfo.setProperty(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        clientInfo.putAll(properties);
    }

    @Override
    public String getClientInfo(String name) {
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() {
        return (Properties) clientInfo.clone();
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

    // ------------------------------------------------------------------ SQL: refused

    @Override
    public Statement createStatement() throws SQLException {
        throw noSql();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        throw noSql();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        throw noSql();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        throw noSql();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        throw noSql();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        throw noSql();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        throw noSql();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        throw noSql();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        throw noSql();
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw noSql();
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        throw noSql();
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        throw noSql();
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        throw noSql();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        throw noSql();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw noSql();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw noSql();
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw noSql();
    }

    @Override
    public Clob createClob() throws SQLException {
        throw noSql();
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw noSql();
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw noSql();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw noSql();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw noSql();
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw noSql();
    }
}
