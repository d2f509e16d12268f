package io.rmipool.client.jdbc;

import io.rmipool.api.SqlColumn;
import io.rmipool.api.SqlResult;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link ResultSet} over a result the server read in full: forward-only, read-only. Getters by index
 * or label (case-insensitive; the first column of that label wins, as JDBC says) convert as JDBC does
 * ({@link JdbcValues}); {@link #wasNull} tells a SQL NULL from a zero. Updates, scrolling and LOB,
 * array or ref objects throw {@link java.sql.SQLFeatureNotSupportedException}. Not thread-safe.
 */
final class RmiPoolResultSet implements ResultSet {
    private final RmiPoolStatement statement;
    private final List<SqlColumn> columns;
    private final List<List<Object>> rows;
    private final Map<String, Integer> byLabel = new HashMap<>();
    /** 0: before the first row; rows.size() + 1: after the last. */
    private int row;
    private boolean wasNull;
    private boolean closed;

    /** @param statement the statement that made it, or null for one of the metadata's catalog queries */
    RmiPoolResultSet(RmiPoolStatement statement, SqlResult result) {
        this.statement = statement;
        this.columns = result.columns();
        this.rows = result.rows();
        for (int i = columns.size() - 1; i >= 0; i--) {
            byLabel.put(columns.get(i).name().toLowerCase(Locale.ROOT), i + 1); // the first of a label wins
        }
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw JdbcErrors.closed("the result set");
        }
    }

    /** The value of column {@code index} in the current row; sets wasNull. */
    private Object value(int index) throws SQLException {
        ensureOpen();
        if (row < 1 || row > rows.size()) {
            throw new SQLException(row < 1 ? "call next() before reading a row" : "no current row: the result has ended",
                    "24000");
        }
        if (index < 1 || index > columns.size()) {
            throw new SQLException("column index " + index + " is out of range 1.." + columns.size(), "07009");
        }
        Object v = rows.get(row - 1).get(index - 1);
        wasNull = v == null;
        return v;
    }

    // ------------------------------------------------------------------ moving

    @Override
    public boolean next() throws SQLException {
        ensureOpen();
        if (row <= rows.size()) {
            row++;
        }
        return row <= rows.size();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        ensureOpen();
        return row == 0 && !rows.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        ensureOpen();
        return row > rows.size() && !rows.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        ensureOpen();
        return row == 1 && !rows.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        ensureOpen();
        return row == rows.size() && !rows.isEmpty();
    }

    @Override
    public int getRow() throws SQLException {
        ensureOpen();
        return row >= 1 && row <= rows.size() ? row : 0;
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            if (statement != null) {
                statement.resultClosed(this);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        ensureOpen();
        return wasNull;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        ensureOpen();
        Integer index = columnLabel == null ? null : byLabel.get(columnLabel.toLowerCase(Locale.ROOT));
        if (index == null) {
            throw new SQLException("no column labelled '" + columnLabel + "'; the columns are "
                    + columns.stream().map(SqlColumn::name).toList(), "42703");
        }
        return index;
    }

    // ------------------------------------------------------------------ getters by index

    @Override
    public String getString(int columnIndex) throws SQLException {
        return JdbcValues.toText(value(columnIndex));
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return JdbcValues.toBoolean(value(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return (byte) JdbcValues.toLong(value(columnIndex), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return (short) JdbcValues.toLong(value(columnIndex), Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return (int) JdbcValues.toLong(value(columnIndex), Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return JdbcValues.toLong(value(columnIndex), Long.MIN_VALUE, Long.MAX_VALUE, "long");
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return (float) JdbcValues.toDouble(value(columnIndex), "float");
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return JdbcValues.toDouble(value(columnIndex), "double");
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return JdbcValues.toBigDecimal(value(columnIndex));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return JdbcValues.toBytes(value(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Date.valueOf(JdbcValues.toLocalDate(v));
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Time.valueOf(JdbcValues.toLocalTime(v));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Timestamp.valueOf(JdbcValues.toLocalDateTime(v));
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        RmiPoolPreparedStatement.requireNoCalendar(cal);
        return getDate(columnIndex);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        RmiPoolPreparedStatement.requireNoCalendar(cal);
        return getTime(columnIndex);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        RmiPoolPreparedStatement.requireNoCalendar(cal);
        return getTimestamp(columnIndex);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return JdbcValues.toObject(value(columnIndex));
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return JdbcValues.toClass(value(columnIndex), type);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw JdbcErrors.unsupported("type maps (user-defined types)");
        }
        return getObject(columnIndex);
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getUnicodeStream (deprecated; use getCharacterStream)");
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    // ------------------------------------------------------------------ getters by label

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel), cal);
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel), cal);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    // ------------------------------------------------------------------ about the result

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ensureOpen();
        return new RmiPoolResultSetMetaData(columns);
    }

    @Override
    public Statement getStatement() throws SQLException {
        ensureOpen();
        return statement;
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
    public int getType() throws SQLException {
        ensureOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        ensureOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        ensureOpen();
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        ensureOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        ensureOpen();
        if (direction != FETCH_FORWARD) {
            throw JdbcErrors.unsupported("fetch directions other than FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        ensureOpen();
        return rows.size();
    }

    /** A hint: the rows are all here already. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        ensureOpen();
        if (rows < 0) {
            throw new SQLException("fetch size must be 0 or more, got " + rows);
        }
    }

    @Override
    public String getCursorName() throws SQLException {
        throw JdbcErrors.unsupported("named cursors");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return JdbcErrors.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // ------------------------------------------------------------------ forward-only: no scrolling

    private static SQLException forwardOnly() {
        return new SQLException("the result set is TYPE_FORWARD_ONLY: it moves with next() only", "24000");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public void afterLast() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean first() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean last() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean previous() throws SQLException {
        throw forwardOnly();
    }

    // ------------------------------------------------------------------ not supported: objects, updates

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw JdbcErrors.unsupported("cancelRowUpdates: results are read-only");
    }

    @Override
    public void deleteRow() throws SQLException {
        throw JdbcErrors.unsupported("deleteRow: results are read-only");
    }

    @Override
    public void insertRow() throws SQLException {
        throw JdbcErrors.unsupported("insertRow: results are read-only");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw JdbcErrors.unsupported("moveToCurrentRow: results are read-only");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw JdbcErrors.unsupported("moveToInsertRow: results are read-only");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw JdbcErrors.unsupported("refreshRow: results are read-only");
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw JdbcErrors.unsupported("rowDeleted: results are read-only");
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw JdbcErrors.unsupported("rowInserted: results are read-only");
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw JdbcErrors.unsupported("rowUpdated: results are read-only");
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        throw JdbcErrors.unsupported("updateArray: results are read-only");
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        throw JdbcErrors.unsupported("updateArray: results are read-only");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw JdbcErrors.unsupported("updateAsciiStream: results are read-only");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateAsciiStream: results are read-only");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        throw JdbcErrors.unsupported("updateAsciiStream: results are read-only");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw JdbcErrors.unsupported("updateAsciiStream: results are read-only");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateAsciiStream: results are read-only");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        throw JdbcErrors.unsupported("updateAsciiStream: results are read-only");
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        throw JdbcErrors.unsupported("updateBigDecimal: results are read-only");
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        throw JdbcErrors.unsupported("updateBigDecimal: results are read-only");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw JdbcErrors.unsupported("updateBinaryStream: results are read-only");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateBinaryStream: results are read-only");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        throw JdbcErrors.unsupported("updateBinaryStream: results are read-only");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw JdbcErrors.unsupported("updateBinaryStream: results are read-only");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateBinaryStream: results are read-only");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        throw JdbcErrors.unsupported("updateBinaryStream: results are read-only");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateBlob: results are read-only");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x) throws SQLException {
        throw JdbcErrors.unsupported("updateBlob: results are read-only");
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        throw JdbcErrors.unsupported("updateBlob: results are read-only");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateBlob: results are read-only");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x) throws SQLException {
        throw JdbcErrors.unsupported("updateBlob: results are read-only");
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        throw JdbcErrors.unsupported("updateBlob: results are read-only");
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        throw JdbcErrors.unsupported("updateBoolean: results are read-only");
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        throw JdbcErrors.unsupported("updateBoolean: results are read-only");
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        throw JdbcErrors.unsupported("updateByte: results are read-only");
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        throw JdbcErrors.unsupported("updateByte: results are read-only");
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        throw JdbcErrors.unsupported("updateBytes: results are read-only");
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        throw JdbcErrors.unsupported("updateBytes: results are read-only");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
        throw JdbcErrors.unsupported("updateCharacterStream: results are read-only");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateCharacterStream: results are read-only");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw JdbcErrors.unsupported("updateCharacterStream: results are read-only");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        throw JdbcErrors.unsupported("updateCharacterStream: results are read-only");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateCharacterStream: results are read-only");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw JdbcErrors.unsupported("updateCharacterStream: results are read-only");
    }

    @Override
    public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateClob: results are read-only");
    }

    @Override
    public void updateClob(String columnLabel, Reader x) throws SQLException {
        throw JdbcErrors.unsupported("updateClob: results are read-only");
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        throw JdbcErrors.unsupported("updateClob: results are read-only");
    }

    @Override
    public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateClob: results are read-only");
    }

    @Override
    public void updateClob(int columnIndex, Reader x) throws SQLException {
        throw JdbcErrors.unsupported("updateClob: results are read-only");
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        throw JdbcErrors.unsupported("updateClob: results are read-only");
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        throw JdbcErrors.unsupported("updateDate: results are read-only");
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        throw JdbcErrors.unsupported("updateDate: results are read-only");
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        throw JdbcErrors.unsupported("updateDouble: results are read-only");
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        throw JdbcErrors.unsupported("updateDouble: results are read-only");
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        throw JdbcErrors.unsupported("updateFloat: results are read-only");
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        throw JdbcErrors.unsupported("updateFloat: results are read-only");
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        throw JdbcErrors.unsupported("updateInt: results are read-only");
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        throw JdbcErrors.unsupported("updateInt: results are read-only");
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        throw JdbcErrors.unsupported("updateLong: results are read-only");
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        throw JdbcErrors.unsupported("updateLong: results are read-only");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateNCharacterStream: results are read-only");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw JdbcErrors.unsupported("updateNCharacterStream: results are read-only");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateNCharacterStream: results are read-only");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw JdbcErrors.unsupported("updateNCharacterStream: results are read-only");
    }

    @Override
    public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateNClob: results are read-only");
    }

    @Override
    public void updateNClob(String columnLabel, Reader x) throws SQLException {
        throw JdbcErrors.unsupported("updateNClob: results are read-only");
    }

    @Override
    public void updateNClob(String columnLabel, NClob x) throws SQLException {
        throw JdbcErrors.unsupported("updateNClob: results are read-only");
    }

    @Override
    public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
        throw JdbcErrors.unsupported("updateNClob: results are read-only");
    }

    @Override
    public void updateNClob(int columnIndex, Reader x) throws SQLException {
        throw JdbcErrors.unsupported("updateNClob: results are read-only");
    }

    @Override
    public void updateNClob(int columnIndex, NClob x) throws SQLException {
        throw JdbcErrors.unsupported("updateNClob: results are read-only");
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        throw JdbcErrors.unsupported("updateNString: results are read-only");
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        throw JdbcErrors.unsupported("updateNString: results are read-only");
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("updateNull: results are read-only");
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("updateNull: results are read-only");
    }

    @Override
    public void updateObject(String columnLabel, Object x, int length) throws SQLException {
        throw JdbcErrors.unsupported("updateObject: results are read-only");
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        throw JdbcErrors.unsupported("updateObject: results are read-only");
    }

    @Override
    public void updateObject(int columnIndex, Object x, int length) throws SQLException {
        throw JdbcErrors.unsupported("updateObject: results are read-only");
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        throw JdbcErrors.unsupported("updateObject: results are read-only");
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        throw JdbcErrors.unsupported("updateRef: results are read-only");
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        throw JdbcErrors.unsupported("updateRef: results are read-only");
    }

    @Override
    public void updateRow() throws SQLException {
        throw JdbcErrors.unsupported("updateRow: results are read-only");
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        throw JdbcErrors.unsupported("updateRowId: results are read-only");
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        throw JdbcErrors.unsupported("updateRowId: results are read-only");
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
        throw JdbcErrors.unsupported("updateSQLXML: results are read-only");
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
        throw JdbcErrors.unsupported("updateSQLXML: results are read-only");
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        throw JdbcErrors.unsupported("updateShort: results are read-only");
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        throw JdbcErrors.unsupported("updateShort: results are read-only");
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        throw JdbcErrors.unsupported("updateString: results are read-only");
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        throw JdbcErrors.unsupported("updateString: results are read-only");
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        throw JdbcErrors.unsupported("updateTime: results are read-only");
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        throw JdbcErrors.unsupported("updateTime: results are read-only");
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        throw JdbcErrors.unsupported("updateTimestamp: results are read-only");
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        throw JdbcErrors.unsupported("updateTimestamp: results are read-only");
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("getBlob (use getBytes or getBinaryStream)");
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getBlob (use getBytes or getBinaryStream)");
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("getClob (use getString or getCharacterStream)");
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getClob (use getString or getCharacterStream)");
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("getNClob (use getString or getCharacterStream)");
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getNClob (use getString or getCharacterStream)");
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("getSQLXML (use getString or getCharacterStream)");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getSQLXML (use getString or getCharacterStream)");
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("getArray (use getString or getObject)");
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getArray (use getString or getObject)");
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("getRef (use getString or getObject)");
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getRef (use getString or getObject)");
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("getRowId (use getString or getObject)");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getRowId (use getString or getObject)");
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        throw JdbcErrors.unsupported("getURL (use getString or getObject)");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("getURL (use getString or getObject)");
    }
}
