package io.rmipool.client.jdbc;

/**
 * Counts the {@code ?} placeholders of a statement the way a database's parser sees them: not inside
 * '...' or "..." (a doubled quote escapes itself), nor in a {@code --} line comment or a block comment,
 * nor PostgreSQL's {@code ??}, {@code ?|} and {@code ?&} operators written with a doubled {@code ??}.
 * Stateless.
 */
final class Placeholders {
    private Placeholders() {
    }

    static int count(String sql) {
        int count = 0;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '?') {
                if (i + 1 < n && sql.charAt(i + 1) == '?') {
                    i++; // an escaped question mark, not a placeholder
                } else {
                    count++;
                }
            }
        }
        return count;
    }

    /** The index of the quote that closes the one at {@code start} (a doubled quote does not). */
    private static int endOfQuoted(String sql, int start, char quote) {
        for (int i = start + 1; i < sql.length(); i++) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return sql.length();
    }
}
