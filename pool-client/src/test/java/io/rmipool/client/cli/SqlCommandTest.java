package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.SqlResult;
import io.rmipool.client.ClientSerialFilter;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.FakePoolServer;
import io.rmipool.client.PoolClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code sql} command in this JVM against {@link FakePoolServer}: output, error lines, exit codes. */
class SqlCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FakePoolServer server;

    @BeforeAll
    static void installSerialFilter() {
        ClientSerialFilter.install();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = FakePoolServer.start(1, null, Duration.ofSeconds(30));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private int sql(String... args) {
        var cl = ClientMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("sql"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--server", "localhost:" + server.port()));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void printsTheRowsAsATableAndReleases() {
        assertThat(sql("select ?, ?", "--param", "1", "--param", "alice")).as("stderr: %s", err).isZero();
        assertThat(out.toString().split("\\R")).containsExactly(
                "P1 | P2",
                "---+------",
                " 1 | alice",
                "(1 rows)");
        assertThat(err.toString()).isEmpty();
        assertThat(server.leasedCount()).isZero();
    }

    @Test
    void sendsEachParameterWithTheTypeItsFormOrPrefixSays() {
        List<List<Object>> received = new ArrayList<>();
        server.onExecute((sql, params) -> {
            received.add(params);
            return SqlResult.updateCount(2);
        });
        assertThat(sql("update t set a = ?", "--param", "null", "--param", "-5", "--param", "2.50", "--param", "true",
                "--param", "text:007", "--param", "date:2026-01-31", "--param", "bob")).isZero();
        assertThat(out.toString()).isEqualTo("updated 2 rows" + System.lineSeparator());
        assertThat(received).singleElement().asList().containsExactly(
                null, -5L, new BigDecimal("2.50"), true, "007", LocalDate.of(2026, 1, 31), "bob");
    }

    @Test
    void aSqlErrorIsOneLineWithItsSqlStateAndExits7() {
        server.onExecute((sql, params) -> {
            throw new SqlFailedException("Table \"NO_SUCH_TABLE\" not found; SQL statement:\nselect * from no_such_table",
                    "42S02", 42102);
        });
        assertThat(sql("select * from no_such_table")).isEqualTo(7);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("pool-client: SQL error 42S02 (vendor code 42102): Table \"NO_SUCH_TABLE\""
                + " not found; SQL statement: select * from no_such_table" + System.lineSeparator());
        assertThat(server.leasedCount()).as("released after the error").isZero();
    }

    @Test
    void aResultTooLargeExits7WithItsMessage() {
        server.onExecute((sql, params) -> {
            throw new ResultTooLargeException("the result has more than 10000 rows (--max-result-rows)");
        });
        assertThat(sql("select * from big")).isEqualTo(7);
        assertThat(err.toString()).isEqualTo("pool-client: the result has more than 10000 rows (--max-result-rows)"
                + System.lineSeparator());
    }

    @Test
    void anUnavailableDatabaseExits6() {
        server.onExecute((sql, params) -> {
            throw new DatabaseUnavailableException("the database at db.internal cannot be reached");
        });
        assertThat(sql("select 1")).isEqualTo(6);
        assertThat(err.toString()).isEqualTo("pool-client: the database at db.internal cannot be reached"
                + System.lineSeparator());
    }

    @Test
    void noConnectionWithinTheTimeoutExits3() throws Exception {
        try (PoolClient holder = PoolClient.connect(ClientSettings.of("localhost", server.port()))) {
            holder.lease(Duration.ZERO);
            assertThat(sql("select 1", "--timeout", "0s")).isEqualTo(3);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString()).startsWith("pool-client: ").hasLineCount(1);
            assertThat(server.sqlCalls()).isEmpty();
        }
    }
}
