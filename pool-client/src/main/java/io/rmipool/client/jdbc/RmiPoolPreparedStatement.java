package io.rmipool.client.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A {@link PreparedStatement}: the SQL and its parameters travel together on each execution, and the
 * server binds them with a {@code PreparedStatement} of its own (never by pasting them into the SQL).
 * Parameters are set by index as any type that can travel (see {@link JdbcValues#toWire}); every
 * placeholder must be set before an execution. Not thread-safe.
 */
final class RmiPoolPreparedStatement extends RmiPoolStatement implements PreparedStatement {
    private final String sql;
    private final int parameterCount;
    private Object[] parameters;
    private boolean[] set;
    private final List<List<Object>> batch = new ArrayList<>();

    RmiPoolPreparedStatement(RmiPoolConnection connection, String sql) throws SQLException {
        super(connection);
        if (sql == null || sql.isBlank()) {
            throw new SQLException("no SQL to prepare", "42000");
        }
        this.sql = sql;
        this.parameterCount = Placeholders.count(sql);
        this.parameters = new Object[parameterCount];
        this.set = new boolean[parameterCount];
    }

    private void bind(int index, Object value) throws SQLException {
        ensureOpen();
        if (index < 1 || index > parameterCount) {
            throw new SQLException("parameter index " + index + " is out of range: the statement has "
                    + parameterCount + " placeholders", "07009");
        }
        parameters[index - 1] = JdbcValues.toWire(value);
        set[index - 1] = true;
    }

    private List<Object> boundParameters() throws SQLException {
        for (int i = 0; i < parameterCount; i++) {
            if (!set[i]) {
                throw new SQLException("parameter " + (i + 1) + " of " + parameterCount + " is not set", "07001");
            }
        }
        return Arrays.asList(parameters.clone());
    }

    // ------------------------------------------------------------------ execution

    @Override
    public ResultSet executeQuery() throws SQLException {
        run(sql, boundParameters());
        return queryResult(sql);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return narrow(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        run(sql, boundParameters());
        return updateResult(sql);
    }

    @Override
    public boolean execute() throws SQLException {
        return run(sql, boundParameters());
    }

    @Override
    public void addBatch() throws SQLException {
        ensureOpen();
        batch.add(boundParameters());
    }

    @Override
    public void clearBatch() throws SQLException {
        super.clearBatch();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        ensureOpen();
        List<List<Object>> rows = List.copyOf(batch);
        batch.clear();
        long[] counts = new long[rows.size()];
        for (int i = 0; i < counts.length; i++) {
            List<Object> row = rows.get(i);
            counts[i] = batchStep(i, counts, () -> {
                run(sql, row);
                return updateResult(sql);
            });
        }
        return counts;
    }

    @Override
    public void clearParameters() throws SQLException {
        ensureOpen();
        parameters = new Object[parameterCount];
        set = new boolean[parameterCount];
    }

    /** Known before execution only by its columns' absence: null, as JDBC allows. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ensureOpen();
        return null;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        ensureOpen();
        return new RmiPoolParameterMetaData(parameterCount);
    }

    // ------------------------------------------------------------------ the statement's SQL is fixed

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw new SQLException("a PreparedStatement runs its own SQL: call executeQuery() without arguments");
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw new SQLException("a PreparedStatement runs its own SQL: call executeUpdate() without arguments");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw new SQLException("a PreparedStatement runs its own SQL: call execute() without arguments");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw new SQLException("a PreparedStatement batches its own SQL: call addBatch() without arguments");
    }

    // ------------------------------------------------------------------ parameters

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        bind(parameterIndex, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        bind(parameterIndex, null);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        bind(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        bind(parameterIndex, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        requireNoCalendar(cal);
        bind(parameterIndex, x);
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        requireNoCalendar(cal);
        bind(parameterIndex, x);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        requireNoCalendar(cal);
        bind(parameterIndex, x);
    }

    /** A calendar in the JVM's own zone changes nothing; another would need a conversion we do not guess at. */
    static void requireNoCalendar(Calendar cal) throws SQLException {
        if (cal != null && !cal.getTimeZone().hasSameRules(java.util.TimeZone.getDefault())) {
            throw JdbcErrors.unsupported("dates and times in another time zone than the JVM's (pass an OffsetDateTime)");
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        bind(parameterIndex, x);
    }

    /** The value travels as its own type; the database converts it to the target type, as it does for a literal. */
    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        bind(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        bind(parameterIndex, x);
    }

    // ------------------------------------------------------------------ not supported

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        throw JdbcErrors.unsupported("stream parameters (pass a String or a byte[])");
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        throw JdbcErrors.unsupported("REF parameters");
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a byte[])");
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a byte[])");
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a byte[])");
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a String)");
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a String)");
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a String)");
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a String)");
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a String)");
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        throw JdbcErrors.unsupported("LOB parameters (pass a String)");
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        throw JdbcErrors.unsupported("array parameters");
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        throw JdbcErrors.unsupported("URL parameters (pass the URL as a String)");
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        throw JdbcErrors.unsupported("ROWID parameters");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        throw JdbcErrors.unsupported("SQLXML parameters (pass XML as a String)");
    }
}
