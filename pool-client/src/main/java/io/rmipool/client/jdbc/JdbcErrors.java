package io.rmipool.client.jdbc;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SessionClosedException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.TooManySessionsException;
import io.rmipool.api.TooManyWaitersException;
import io.rmipool.client.ServerUnreachableException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns the pool's failures into the {@link SQLException}s JDBC code expects: the database's own errors
 * keep their SQLState and vendor code, in the subclass their SQLState class names (23: integrity
 * constraint, 42: syntax or access, 22: data, 40: rollback, 57014: cancelled by the timeout); a lost
 * lease, a closed connection, an unreachable server or database get SQLState class 08. Stateless.
 */
final class JdbcErrors {
    /** SQLState: the connection does not exist (closed, or its lease lost). */
    static final String CONNECTION_DOES_NOT_EXIST = "08003";
    /** SQLState: the connection failed while in use. */
    static final String CONNECTION_FAILURE = "08006";
    /** SQLState: no connection could be made. */
    static final String UNABLE_TO_CONNECT = "08001";

    private JdbcErrors() {
    }

    static SQLException of(PoolException e) {
        if (e instanceof SqlFailedException failed) {
            return ofDatabase(failed);
        }
        if (e instanceof LeaseNotHeldException || e instanceof SessionClosedException) {
            return new SQLNonTransientConnectionException("the pooled connection is gone: " + e.getMessage(),
                    CONNECTION_DOES_NOT_EXIST, e);
        }
        if (e instanceof PoolExhaustedException || e instanceof TooManyWaitersException
                || e instanceof TooManySessionsException) {
            return new SQLTransientConnectionException(e.getMessage(), UNABLE_TO_CONNECT, e);
        }
        if (e instanceof DatabaseUnavailableException || e instanceof PoolClosedException) {
            return new SQLTransientConnectionException(e.getMessage(), CONNECTION_FAILURE, e);
        }
        if (e instanceof NotAuthenticatedException) {
            return new SQLInvalidAuthorizationSpecException(e.getMessage(), "28000", e);
        }
        if (e instanceof ResultTooLargeException) {
            return new SQLException(e.getMessage(), "54000", e); // program limit exceeded
        }
        if (e instanceof InvalidArgumentException) {
            return new SQLDataException(e.getMessage(), "22023", e); // invalid parameter value
        }
        return new SQLException(e.getMessage(), null, e);
    }

    static SQLException of(ServerUnreachableException e) {
        return new SQLNonTransientConnectionException(e.getMessage(), CONNECTION_FAILURE, e);
    }

    /** The database refused the statement: its SQLState and code, in the subclass its class names. */
    private static SQLException ofDatabase(SqlFailedException e) {
        String state = e.sqlState();
        String message = e.getMessage();
        int code = e.vendorCode();
        if (state == null || state.length() < 2) {
            return new SQLException(message, state, code, e);
        }
        if (state.equals("57014")) {
            return new SQLTimeoutException(message, state, code, e);
        }
        return switch (state.substring(0, 2)) {
            case "23" -> new SQLIntegrityConstraintViolationException(message, state, code, e);
            case "42" -> new SQLSyntaxErrorException(message, state, code, e);
            case "22" -> new SQLDataException(message, state, code, e);
            case "40" -> new SQLTransactionRollbackException(message, state, code, e);
            case "28" -> new SQLInvalidAuthorizationSpecException(message, state, code, e);
            case "08" -> new SQLNonTransientConnectionException(message, state, code, e);
            default -> new SQLException(message, state, code, e);
        };
    }

    /** The connection, statement or result set was closed by its user. */
    static SQLException closed(String what) {
        return new SQLNonTransientConnectionException(what + " is closed", CONNECTION_DOES_NOT_EXIST);
    }

    /** {@link java.sql.Wrapper#unwrap}: this driver's objects wrap nothing but themselves. */
    static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    /** What this driver does not do, named. */
    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException("the rmipool driver does not support " + what);
    }
}
