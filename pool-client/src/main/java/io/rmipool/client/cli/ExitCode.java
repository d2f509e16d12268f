package io.rmipool.client.cli;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolClosedException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SessionClosedException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.TooManySessionsException;
import io.rmipool.api.TooManyWaitersException;
import io.rmipool.client.ServerUnreachableException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** The command line's exit codes. Scripts and the end-to-end tests rely on them: do not renumber. */
enum ExitCode {
    OK(0, "success"),
    ERROR(1, "unexpected error; for 'stress': a failed lease or a duplicate"),
    USAGE(2, "bad usage: unknown option, malformed value, missing secret file"),
    NOT_LEASED(3, "no connection leased, or the lease was lost: pool exhausted, too many waiters, too many sessions, "
            + "pool closed, or the server took the lease back"),
    UNREACHABLE(4, "cannot reach the pool server"),
    AUTH_FAILED(5, "authentication failed (wrong secret, address locked out after failed logins), session closed, "
            + "or not an admin (admin commands without the right admin secret)"),
    DATABASE_UNAVAILABLE(6, "the pool server cannot reach the database"),
    SQL_FAILED(7, "the SQL statement failed: refused by the database, or a result too large");

    final int code;
    final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The exit code for a failure that ended a command. */
    static ExitCode of(Throwable failure) {
        if (failure instanceof PoolExhaustedException || failure instanceof TooManyWaitersException
                || failure instanceof PoolClosedException || failure instanceof TooManySessionsException
                || failure instanceof LeaseNotHeldException) {
            return NOT_LEASED;
        }
        if (failure instanceof WorkerFailedException) {
            return ofWorkerFailure(((WorkerFailedException) failure).exitCode());
        }
        if (failure instanceof ServerUnreachableException) {
            return UNREACHABLE;
        }
        if (failure instanceof NotAuthenticatedException || failure instanceof SessionClosedException) {
            return AUTH_FAILED;
        }
        if (failure instanceof DatabaseUnavailableException) {
            return DATABASE_UNAVAILABLE;
        }
        if (failure instanceof SqlFailedException || failure instanceof ResultTooLargeException) {
            return SQL_FAILED;
        }
        // The server refuses an argument out of its range (e.g. a timeout above its limit): the user's to fix.
        if (failure instanceof CommandLine.ParameterException || failure instanceof InvalidArgumentException) {
            return USAGE;
        }
        return ERROR;
    }

    /**
     * The exit code for a worker process that failed with {@code code}: the same when it is one of ours
     * (a worker that could not reach the server makes the parent exit 4 too), else ERROR. A worker that
     * exited 0 at the wrong moment still failed the protocol: ERROR.
     */
    static ExitCode ofWorkerFailure(int code) {
        for (ExitCode c : values()) {
            if (c.code == code && c != OK) {
                return c;
            }
        }
        return ERROR;
    }

    /** The exit-code list shown at the foot of every command's {@code --help}. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            list.put(Integer.toString(c.code), c.meaning);
        }
        return list;
    }
}
