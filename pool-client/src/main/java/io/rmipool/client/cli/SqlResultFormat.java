package io.rmipool.client.cli;

import io.rmipool.api.SqlColumn;
import io.rmipool.api.SqlResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * Writes a {@link SqlResult} for people: {@code updated N rows}, or a table with a header of column names,
 * a separator line, one line per row and a {@code (N rows)} footer.
 *
 * <pre>
 * ID | NAME
 * ---+------
 *  1 | alice
 * (1 rows)
 * </pre>
 *
 * Cells are separated by {@code " | "} and padded to their column's width, numbers to the right. A cell
 * is at most {@value #MAX_WIDTH} characters, cut with {@code …}, so one wide value cannot push the rest
 * of the table off the screen; line breaks and tabs in a value are shown as {@code \n}, {@code \r},
 * {@code \t} to keep each row on one line. NULL is {@code NULL}, binary is {@code 0x} and hex.
 *
 * <p>Stateless and thread-safe.
 */
final class SqlResultFormat {
    static final int MAX_WIDTH = 40;
    private static final String SEPARATOR = " | ";

    private SqlResultFormat() {
    }

    /** {@code updated N rows}, or the table of rows. Lines are separated by {@code \n}; no trailing newline. */
    static String text(SqlResult result) {
        if (!result.hasRows()) {
            return updated(result.updateCount());
        }
        List<String> header = result.columns().stream().map(SqlColumn::name).map(SqlResultFormat::clip)
                .collect(Collectors.toList());
        List<List<Object>> rows = result.rows();
        List<List<String>> cells = new ArrayList<>(rows.size());
        int[] widths = header.stream().mapToInt(String::length).toArray();
        for (List<Object> row : rows) {
            List<String> line = row.stream().map(SqlResultFormat::cell).collect(Collectors.toList());
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
            cells.add(line);
        }

        StringBuilder table = new StringBuilder();
        appendLine(table, header, widths, c -> false);
        List<String> dashes = new ArrayList<>(widths.length);
        for (int width : widths) {
            dashes.add("-".repeat(width));
        }
        table.append(String.join("-+-", dashes)).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            appendLine(table, cells.get(r), widths, c -> row.get(c) instanceof Number);
        }
        return table.append('(').append(rows.size()).append(" rows)").toString();
    }

    /** {@code updated N rows}; always "rows", so that scripts match one pattern. */
    static String updated(long count) {
        return "updated " + count + " rows";
    }

    /** One row's cells separated by {@code " | "}, unpadded: {@code 1 | alice}. */
    static String row(List<Object> row) {
        return row.stream().map(SqlResultFormat::cell).collect(Collectors.joining(SEPARATOR));
    }

    /** One value as a cell shows it, at most {@value #MAX_WIDTH} characters. */
    static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            if (2 + 2 * bytes.length <= MAX_WIDTH) {
                return "0x" + HexFormat.of().formatHex(bytes);
            }
            // only the bytes that show are formatted: a BLOB may be megabytes
            return "0x" + HexFormat.of().formatHex(bytes, 0, (MAX_WIDTH - 3) / 2) + "…";
        }
        if (value instanceof BigDecimal decimal) {
            return clip(decimal.toPlainString()); // 1E+3 is not how a database shows 1000
        }
        return clip(value.toString()
                .replace("\n", "\\n")
                .replace("\r", "\\r")
                .replace("\t", "\\t"));
    }

    private static String clip(String text) {
        return text.length() <= MAX_WIDTH ? text : text.substring(0, MAX_WIDTH - 1) + "…";
    }

    /** Pads every cell but the last, which would only add trailing blanks, unless it is right-aligned. */
    private static void appendLine(StringBuilder table, List<String> cells, int[] widths, IntPredicate rightAligned) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - cell.length());
            boolean last = c == cells.size() - 1;
            if (c > 0) {
                table.append(SEPARATOR);
            }
            if (rightAligned.test(c)) {
                table.append(padding).append(cell);
            } else {
                table.append(cell).append(last ? "" : padding);
            }
        }
        table.append('\n');
    }
}
