package io.rmipool.client.cli;

import io.rmipool.api.SqlResult;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolFleetClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sql}: one statement on one leased connection, its result printed. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Leases one connection, runs one SQL statement on it in auto-commit mode, prints the result and"
                + " releases the connection.",
                "The result is 'updated N rows', or a table: the column names, a separator line, one line per row with"
                        + " cells separated by ' | ' (at most " + SqlResultFormat.MAX_WIDTH + " characters; NULL as NULL,"
                        + " binary as 0x...), then '(N rows)'.",
                "A statement the database refuses exits 7, with its SQLState on stderr."})
final class SqlCommand implements Callable<Integer> {
    @ParentCommand
    private ClientMain main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STATEMENT", description = "The SQL statement, with ? placeholders for --param values.")
    private String statement;

    @Option(names = "--param", paramLabel = "VALUE", converter = SqlParameterConverter.class,
            description = {"A value for the next ? placeholder; repeat for each. null is SQL NULL, an integer is a"
                    + " BIGINT, a decimal (1.50) a DECIMAL, true/false a BOOLEAN, anything else text.",
                    "A prefix forces the type: " + SqlParameterConverter.PREFIXES
                            + " (ISO dates and times, hex bytes), e.g. text:007 for the string 007."})
    private List<Object> params = new ArrayList<>();

    @Mixin
    private LeaseTimeout timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PoolFleetClient client = main.connect();
             LeasedConnection connection = client.lease(timeout.value)) {
            SqlResult result = connection.execute(statement, params.toArray());
            // printed before the release: a release that cannot be delivered must not hide what the statement did
            out.println(SqlResultFormat.text(result));
            out.flush();
        }
        return ExitCode.OK.code;
    }
}
