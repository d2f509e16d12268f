package io.rmipool.api;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a statement returned: either an update count, or a result with columns and rows of plain
 * values ({@link SqlValues#TYPES} or null). Rows are bounded by the server's {@code --max-result-rows}.
 * Immutable and thread-safe (do not modify {@code byte[]} cells).
 */
public final class SqlResult implements Serializable {
    private static final long serialVersionUID = 1L;

    /** -1 when the statement produced rows. */
    private final long updateCount;
    private final SqlColumn[] columns;
    private final Object[][] rows;

    private SqlResult(long updateCount, SqlColumn[] columns, Object[][] rows) {
        this.updateCount = updateCount;
        this.columns = columns;
        this.rows = rows;
    }

    public static SqlResult updateCount(long count) {
        return new SqlResult(count, new SqlColumn[0], new Object[0][]);
    }

    /**
     * @param rows each row as long as {@code columns}, each cell one of {@link SqlValues#TYPES} or null;
     *     the arrays are taken, not copied
     */
    public static SqlResult rows(SqlColumn[] columns, Object[][] rows) {
        SqlResult result = new SqlResult(-1, columns, rows);
        result.validate();
        return result;
    }

    /** Whether the statement produced rows (a query) rather than an update count. */
    public boolean hasRows() {
        return updateCount < 0;
    }

    /** Rows changed by an update; -1 for a query. */
    public long updateCount() {
        return updateCount;
    }

    public List<SqlColumn> columns() {
        return Collections.unmodifiableList(Arrays.asList(columns));
    }

    /** The rows, each an unmodifiable list of cells in column order. */
    public List<List<Object>> rows() {
        return new AbstractList<>() {
            @Override
            public List<Object> get(int index) {
                return Collections.unmodifiableList(Arrays.asList(rows[index]));
            }

            @Override
            public int size() {
                return rows.length;
            }
        };
    }

    private void validate() {
        if (columns == null || rows == null) {
            throw new IllegalArgumentException("columns and rows are required");
        }
        for (Object[] row : rows) {
            if (row == null || row.length != columns.length) {
                throw new IllegalArgumentException("every row must have " + columns.length + " cells");
            }
            SqlValues.requireAllowed(row, "column");
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        try {
            validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return hasRows() ? rows.length + " row(s)" : "updated " + updateCount + " row(s)";
    }
}
