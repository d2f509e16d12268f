package io.rmipool.client.jdbc;

import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.PoolException;
import io.rmipool.api.SqlResult;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import io.rmipool.client.ServerUnreachableException;
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
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Connection} over one lease: {@link #close()} gives the pooled connection back. Every statement
 * runs on the server's JDBC connection of the lease, fenced by its token; once the lease is lost (the
 * server took it back), every call fails with SQLState 08003.
 *
 * <p>What it is: auto-commit (on by default, as JDBC says), commit, rollback, transaction isolation,
 * {@link #isValid}, statements and prepared statements whose results are read in full by the server
 * (forward-only, read-only, held over commits: the rows are already here), and metadata naming the
 * real database. What it is not (each throws {@link java.sql.SQLFeatureNotSupportedException} naming
 * it): stored procedure calls, savepoints, LOB and array objects, generated keys, updatable or
 * scrollable results, type maps, client info.
 *
 * <p>Thread-safe as far as JDBC asks: the lease serializes the calls of one connection on the server.
 */
final class RmiPoolConnection implements Connection {
    private final JdbcConfig config;
    private final PoolClient client;
    private final LeasedConnection lease;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean autoCommit = true;
    private volatile int isolation;
    private volatile boolean readOnly;

    RmiPoolConnection(JdbcConfig config, PoolClient client, LeasedConnection lease, DatabaseInfo database) {
        this.config = config;
        this.client = client;
        this.lease = lease;
        this.isolation = database.defaultIsolation();
    }

    // ------------------------------------------------------------------ what the statements use

    /** Runs one statement on the lease, with its own limits. */
    SqlResult execute(String sql, List<Object> params, int maxRows, int queryTimeoutSeconds) throws SQLException {
        return onLease(() -> lease.execute(sql, maxRows, queryTimeoutSeconds, params));
    }

    /** A catalog query of the metadata, on the lease. */
    SqlResult catalog(String query, List<Object> args) throws SQLException {
        return onLease(() -> lease.catalog(query, args));
    }

    void ensureOpen() throws SQLException {
        if (closed.get()) {
            throw JdbcErrors.closed("the connection");
        }
    }

    private interface LeaseCall<T> {
        T run() throws PoolException, ServerUnreachableException;
    }

    private interface LeaseAction {
        void run() throws PoolException, ServerUnreachableException;
    }

    /** A call on the lease of an open connection, the pool's failures turned into SQLExceptions. */
    private <T> T onLease(LeaseCall<T> call) throws SQLException {
        ensureOpen();
        try {
            return call.run();
        } catch (PoolException e) {
            throw JdbcErrors.of(e);
        } catch (ServerUnreachableException e) {
            throw JdbcErrors.of(e);
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "22023", e); // a value the wire cannot carry
        }
    }

    private void onLease(LeaseAction action) throws SQLException {
        onLease(() -> {
            action.run();
            return null;
        });
    }

    // ------------------------------------------------------------------ statements

    @Override
    public Statement createStatement() throws SQLException {
        ensureOpen();
        return new RmiPoolStatement(this);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        RmiPoolStatement.checkResultSetKind(resultSetType, resultSetConcurrency, ResultSet.HOLD_CURSORS_OVER_COMMIT);
        return createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        RmiPoolStatement.checkResultSetKind(resultSetType, resultSetConcurrency, resultSetHoldability);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        ensureOpen();
        return new RmiPoolPreparedStatement(this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        RmiPoolStatement.checkResultSetKind(resultSetType, resultSetConcurrency, ResultSet.HOLD_CURSORS_OVER_COMMIT);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        RmiPoolStatement.checkResultSetKind(resultSetType, resultSetConcurrency, resultSetHoldability);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw JdbcErrors.unsupported("generated keys (use INSERT ... RETURNING, or select the key)");
        }
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        throw JdbcErrors.unsupported("generated keys (use INSERT ... RETURNING, or select the key)");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        throw JdbcErrors.unsupported("generated keys (use INSERT ... RETURNING, or select the key)");
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw JdbcErrors.unsupported("stored procedure calls (prepareCall)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw JdbcErrors.unsupported("stored procedure calls (prepareCall)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        throw JdbcErrors.unsupported("stored procedure calls (prepareCall)");
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        ensureOpen();
        return sql;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        if (autoCommit != this.autoCommit) {
            onLease(() -> lease.setAutoCommit(autoCommit)); // switching it on commits, as JDBC says
            this.autoCommit = autoCommit;
        } else {
            ensureOpen();
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        ensureOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        requireTransaction("commit");
        onLease(lease::commit);
    }

    @Override
    public void rollback() throws SQLException {
        requireTransaction("rollback");
        onLease(lease::rollback);
    }

    private void requireTransaction(String what) throws SQLException {
        ensureOpen();
        if (autoCommit) {
            throw new SQLException("cannot " + what + " with auto-commit on", "25000");
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        onLease(() -> lease.setTransactionIsolation(level));
        isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        ensureOpen();
        return isolation;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw JdbcErrors.unsupported("savepoints");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw JdbcErrors.unsupported("savepoints");
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw JdbcErrors.unsupported("savepoints");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw JdbcErrors.unsupported("savepoints");
    }

    // ------------------------------------------------------------------ life

    /** Gives the pooled connection back (the server rolls back what was not committed). Idempotent. */
    @Override
    public void close() throws SQLException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            lease.close();
        } catch (PoolException e) {
            throw JdbcErrors.of(e);
        } catch (ServerUnreachableException e) {
            throw JdbcErrors.of(e);
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /** Whether the lease is held and the database answers a trivial query within {@code timeout} seconds. */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("isValid timeout must be 0 or more, got " + timeout);
        }
        if (closed.get() || lease.isLost()) {
            return false;
        }
        try {
            lease.execute("SELECT 1", 1, timeout, List.of());
            return true;
        } catch (PoolException | ServerUnreachableException e) {
            return false;
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor");
        }
        executor.execute(() -> {
            try {
                close();
            } catch (SQLException e) {
                // the lease ends with its TTL
            }
        });
    }

    /** Every remote call already waits at most the client's {@code callTimeout}, set in the URL. */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        throw JdbcErrors.unsupported("setNetworkTimeout per connection (every call waits at most callTimeout: set it "
                + "in the URL or properties)");
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        ensureOpen();
        return (int) Math.min(Integer.MAX_VALUE, config.settings().callTimeout().toMillis());
    }

    // ------------------------------------------------------------------ metadata and settings

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return new RmiPoolDatabaseMetaData(this, config.url(), onLease(client::databaseInfo));
    }

    /** A hint, as JDBC allows: the server's connection is not made read-only. */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        ensureOpen();
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        ensureOpen();
        return readOnly;
    }

    /** Catalogs are not switched through the pool: a no-op, as JDBC allows for a driver without them. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        ensureOpen();
    }

    @Override
    public String getCatalog() throws SQLException {
        ensureOpen();
        return null;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        throw JdbcErrors.unsupported("setSchema (run the database's own statement, e.g. SET SCHEMA or SET search_path)");
    }

    @Override
    public String getSchema() throws SQLException {
        ensureOpen();
        return null;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        ensureOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        ensureOpen();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        ensureOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw JdbcErrors.unsupported("results closed at commit: results are read in full, so they are held");
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        ensureOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        ensureOpen();
        return new java.util.HashMap<>();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        ensureOpen();
        if (map != null && !map.isEmpty()) {
            throw JdbcErrors.unsupported("type maps (user-defined types)");
        }
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        throw new SQLClientInfoException("the rmipool driver keeps no client info", Map.of());
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        throw new SQLClientInfoException("the rmipool driver keeps no client info", Map.of());
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        ensureOpen();
        return null;
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        ensureOpen();
        return new Properties();
    }

    // ------------------------------------------------------------------ not supported

    @Override
    public Clob createClob() throws SQLException {
        throw JdbcErrors.unsupported("LOB objects (pass text as a String)");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw JdbcErrors.unsupported("LOB objects (pass bytes as a byte[])");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw JdbcErrors.unsupported("LOB objects (pass text as a String)");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw JdbcErrors.unsupported("SQLXML (pass XML as a String)");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw JdbcErrors.unsupported("SQL arrays");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw JdbcErrors.unsupported("SQL structured types");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return JdbcErrors.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "rmipool " + lease;
    }
}
