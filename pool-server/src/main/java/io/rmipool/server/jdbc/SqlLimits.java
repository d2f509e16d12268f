package io.rmipool.server.jdbc;

import java.time.Duration;

/**
 * Bounds on one remote statement.
 *
 * @param maxResultRows a result with more rows is refused (the client would otherwise risk running
 *     out of memory, and the server with it while marshalling)
 * @param statementTimeout passed to {@link java.sql.Statement#setQueryTimeout} (whole seconds,
 *     rounded up); the database cancels a statement that runs longer
 */
public record SqlLimits(int maxResultRows, Duration statementTimeout) {
    public SqlLimits {
        if (maxResultRows < 1 || maxResultRows > 1_000_000) {
            throw new IllegalArgumentException("max-result-rows must be between 1 and 1000000, got " + maxResultRows);
        }
        if (statementTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("statement-timeout must be at least 1s, got "
                    + statementTimeout.toMillis() + "ms");
        }
    }

    /** The statement timeout in the whole seconds JDBC takes, rounded up. */
    int timeoutSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, (statementTimeout.toMillis() + 999) / 1000);
    }
}
