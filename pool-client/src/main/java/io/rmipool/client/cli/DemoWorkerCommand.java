package io.rmipool.client.cli;

import io.rmipool.api.PoolException;
import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.SqlResult;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code demo-worker} (hidden): one of the processes {@code demo} spawns; see {@link WorkerProtocol}. */
@Command(name = "demo-worker", hidden = true,
        description = "One demo process: ready, wait for 'go', lease(0), report, run --sql, wait for 'release', hold, release.")
final class DemoWorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(DemoWorkerCommand.class);

    @ParentCommand
    private ClientMain main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--hold", defaultValue = "0s", converter = DurationConverter.class)
    private Duration hold;

    @Option(names = "--sql")
    private String sql;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (PoolClient client = main.connect()) {
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
        return ExitCode.OK.code;
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
