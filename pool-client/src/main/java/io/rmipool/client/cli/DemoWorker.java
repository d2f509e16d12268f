package io.rmipool.client.cli;

import io.rmipool.api.PoolException;
import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.SqlResult;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolFleetClient;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One of the processes {@code demo} spawns (see {@link WorkerProtocol}): ready, wait for {@code go},
 * {@code lease(0)}, report, run the statement if any, wait for {@code release}, hold, release.
 */
final class DemoWorker {
    private static final Logger LOG = LogManager.getLogger(DemoWorker.class);

    private final Duration hold;
    private final String sql;

    DemoWorker(WorkerSettings settings) {
        this.hold = settings.duration("hold");
        this.sql = settings.text("sql");
    }

    /** What a demo worker is told: hold for {@code hold} after {@code release}; run {@code sql} (may be null). */
    static WorkerSettings settings(WorkerSettings connection, Duration hold, String sql) {
        return connection.with("hold", hold).with("sql", sql);
    }

    void run(PoolFleetClient client, BufferedReader parent, PrintWriter out) throws Exception {
        out.println(WorkerProtocol.READY);
        out.flush();
        WorkerProtocol.await(parent, WorkerProtocol.GO);
        LeasedConnection connection = null;
        try {
            // lease(0), like the seed's get(): take an idle connection or fail at once
            connection = client.lease(Duration.ZERO);
            out.println(WorkerProtocol.leased(connection.connectionId()));
        } catch (PoolException e) {
            if (ExitCode.of(e) != ExitCode.NOT_LEASED) {
                throw e;
            }
            LOG.debug("no connection leased: {}", e.getMessage());
            out.println(WorkerProtocol.FAILED);
        }
        out.flush();
        if (connection != null && sql != null) {
            runStatement(connection, out);
        }
        WorkerProtocol.await(parent, WorkerProtocol.RELEASE);
        Thread.sleep(hold.toMillis());
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * Runs --sql and prints its output. A statement the database refuses is reported, not thrown: the
     * demo is about leases, and this worker still holds one. Anything else (the database or the server
     * is unreachable) ends the worker with its exit code.
     */
    private void runStatement(LeasedConnection connection, PrintWriter out) throws Exception {
        int id = connection.connectionId();
        try {
            SqlResult result = connection.execute(sql);
            if (!result.hasRows()) {
                out.println(WorkerProtocol.sqlOutput(id, SqlResultFormat.updated(result.updateCount())));
            } else if (result.rows().isEmpty()) {
                out.println(WorkerProtocol.sqlOutput(id, "(0 rows)"));
            }
            for (List<Object> row : result.rows()) {
                out.println(WorkerProtocol.sqlOutput(id, SqlResultFormat.row(row)));
            }
        } catch (SqlFailedException e) {
            String state = e.sqlState() == null ? "" : " " + e.sqlState();
            out.println(WorkerProtocol.sqlOutput(id, "SQL error" + state + ": " + ClientMain.oneLine(e)));
        } catch (ResultTooLargeException e) {
            out.println(WorkerProtocol.sqlOutput(id, ClientMain.oneLine(e)));
        }
        out.println(WorkerProtocol.EXECUTED);
        out.flush();
    }
}
