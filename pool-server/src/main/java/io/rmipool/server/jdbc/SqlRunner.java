package io.rmipool.server.jdbc;

import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SqlColumn;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import io.rmipool.api.SqlValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one remote statement on a connection: binds the parameters with a {@link PreparedStatement}
 * (never by string concatenation), applies the {@link SqlLimits}, and turns the result into plain
 * JDK values ({@link SqlValues#TYPES}), so no driver class ever reaches a client. Stateless and
 * thread-safe; the connection is the caller's.
 */
public final class SqlRunner {
    private final SqlLimits limits;

    public SqlRunner(SqlLimits limits) {
        this.limits = limits;
    }

    public SqlResult run(Connection c, String sql, SqlParameters params) throws SQLException, ResultTooLargeException {
        return run(c, sql, params, 0, 0);
    }

    /**
     * The same, with a statement's own limits (JDBC's {@code setMaxRows} and {@code setQueryTimeout}):
     * the rows beyond {@code maxRows} are not read, and the timeout is the shorter of the caller's and
     * the server's. Zero means "none of the caller's".
     */
    public SqlResult run(Connection c, String sql, SqlParameters params, int maxRows, int queryTimeoutSeconds)
            throws SQLException, ResultTooLargeException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(queryTimeoutSeconds == 0 ? limits.timeoutSeconds()
                    : Math.min(queryTimeoutSeconds, limits.timeoutSeconds()));
            boolean callersLimit = maxRows > 0 && maxRows <= limits.maxResultRows();
            // the caller's limit cuts off silently, as JDBC's does; the server's is checked by reading one
            // more than allowed, to tell "exactly the limit" from "too many" without reading them all
            ps.setMaxRows(callersLimit ? maxRows : limits.maxResultRows() + 1);
            List<Object> values = params.values();
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v == null) {
                    ps.setNull(i + 1, Types.NULL);
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            if (!ps.execute()) {
                return SqlResult.updateCount(ps.getLargeUpdateCount());
            }
            try (ResultSet rs = ps.getResultSet()) {
                return read(rs, callersLimit ? maxRows : 0);
            }
        }
    }

    /**
     * One of DatabaseMetaData's catalog queries (see {@code PoolSession.catalog}), its result bounded like
     * a statement's.
     *
     * @throws IllegalArgumentException for another query, or arguments of the wrong number or type
     */
    public SqlResult catalog(Connection c, String query, List<Object> args) throws SQLException, ResultTooLargeException {
        DatabaseMetaData meta = c.getMetaData();
        ResultSet rs = switch (query == null ? "" : query) {
            case "getTables" -> {
                String types = text(args, 3, 4);
                yield meta.getTables(text(args, 0, 4), text(args, 1, 4), text(args, 2, 4),
                        types == null ? null : types.split(","));
            }
            case "getColumns" -> meta.getColumns(text(args, 0, 4), text(args, 1, 4), text(args, 2, 4), text(args, 3, 4));
            case "getPrimaryKeys" -> meta.getPrimaryKeys(text(args, 0, 3), text(args, 1, 3), text(args, 2, 3));
            case "getImportedKeys" -> meta.getImportedKeys(text(args, 0, 3), text(args, 1, 3), text(args, 2, 3));
            case "getExportedKeys" -> meta.getExportedKeys(text(args, 0, 3), text(args, 1, 3), text(args, 2, 3));
            case "getIndexInfo" -> meta.getIndexInfo(text(args, 0, 5), text(args, 1, 5), text(args, 2, 5),
                    flag(args, 3, 5), flag(args, 4, 5));
            case "getSchemas" -> meta.getSchemas(text(args, 0, 2), text(args, 1, 2));
            case "getCatalogs" -> none(args, meta.getCatalogs());
            case "getTableTypes" -> none(args, meta.getTableTypes());
            case "getTypeInfo" -> none(args, meta.getTypeInfo());
            default -> throw new IllegalArgumentException("no catalog query '" + query + "'");
        };
        try (rs) {
            return read(rs, 0);
        }
    }

    private static String text(List<Object> args, int index, int count) {
        if (args.size() != count) {
            throw new IllegalArgumentException("expected " + count + " arguments, got " + args.size());
        }
        Object v = args.get(index);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be text or null");
        }
        return (String) v;
    }

    private static boolean flag(List<Object> args, int index, int count) {
        if (args.size() != count || !(args.get(index) instanceof Boolean)) {
            throw new IllegalArgumentException("argument " + (index + 1) + " of " + count + " must be a boolean");
        }
        return (Boolean) args.get(index);
    }

    private static ResultSet none(List<Object> args, ResultSet rs) throws SQLException {
        if (!args.isEmpty()) {
            rs.close();
            throw new IllegalArgumentException("expected no arguments, got " + args.size());
        }
        return rs;
    }

    /** @param cutOff the caller's row limit (rows beyond it are not read), or 0 */
    private SqlResult read(ResultSet rs, int cutOff) throws SQLException, ResultTooLargeException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        SqlColumn[] columns = new SqlColumn[n];
        for (int i = 0; i < n; i++) {
            columns[i] = new SqlColumn(meta.getColumnLabel(i + 1), meta.getColumnType(i + 1),
                    meta.getColumnTypeName(i + 1));
        }
        List<Object[]> rows = new ArrayList<>();
        while ((cutOff == 0 || rows.size() < cutOff) && rs.next()) {
            if (rows.size() == limits.maxResultRows()) {
                throw new ResultTooLargeException("the result has more than " + limits.maxResultRows()
                        + " rows (--max-result-rows); add a LIMIT or a narrower WHERE");
            }
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = cell(rs, i + 1, columns[i]);
            }
            rows.add(row);
        }
        return SqlResult.rows(columns, rows.toArray(new Object[0][]));
    }

    /**
     * One cell as a plain value: JDBC 4.2 java.time types for dates and times, bytes for Java objects,
     * text for anything exotic.
     */
    private static Object cell(ResultSet rs, int i, SqlColumn column) throws SQLException {
        switch (column.jdbcType()) {
            case Types.DATE:
                return rs.getObject(i, LocalDate.class);
            case Types.TIME:
                return rs.getObject(i, LocalTime.class);
            case Types.JAVA_OBJECT:
                // the serialized bytes as they are: deserializing what a client stored would let it
                // instantiate classes in this server
                return rs.getBytes(i);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return rs.getObject(i, OffsetDateTime.class);
            case Types.TIMESTAMP:
                // PostgreSQL reports timestamptz as TIMESTAMP; its offset must not be dropped
                return column.typeName().toLowerCase(Locale.ROOT).equals("timestamptz")
                        ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i, LocalDateTime.class);
            default:
                return plain(rs.getObject(i));
        }
    }

    static Object plain(Object v) throws SQLException {
        if (SqlValues.isAllowed(v)) {
            return v;
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        if (v instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) v).toLocalDateTime();
        }
        if (v instanceof java.sql.Date) {
            return ((java.sql.Date) v).toLocalDate();
        }
        if (v instanceof java.sql.Time) {
            return ((java.sql.Time) v).toLocalTime();
        }
        if (v instanceof Instant) {
            return OffsetDateTime.ofInstant((Instant) v, ZoneOffset.UTC);
        }
        if (v instanceof ZonedDateTime) {
            return ((ZonedDateTime) v).toOffsetDateTime();
        }
        if (v instanceof Clob) {
            Clob clob = (Clob) v;
            return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
        }
        if (v instanceof Blob) {
            Blob blob = (Blob) v;
            return blob.getBytes(1, (int) Math.min(Integer.MAX_VALUE, blob.length()));
        }
        // UUIDs, arrays, JSON, intervals, vendor objects: their text form, which every client can read
        return v.toString();
    }
}
