package io.rmipool.client.e2e;

import static io.rmipool.client.e2e.JavaProcess.runClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SQL through the pool: {@code pool-client.jar sql} and {@code demo --sql} against a real
 * {@code pool-server.jar} on its default database, an in-memory H2 that lives as long as the server.
 */
class SqlIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern LEASED = Pattern.compile("leased connection\\(id=(\\d+)\\)");
    private static final Pattern SQL_ROW = Pattern.compile("  connection\\(id=(\\d+)\\): (.*)");

    private static JavaProcess sql(PoolServerProcess server, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("sql", "--server", server.address()));
        all.addAll(List.of(args));
        return runClient(CLIENT_TIMEOUT, Map.of(), all.toArray(String[]::new));
    }

    @Test
    void createsInsertsAndSelectsWithParameters() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            JavaProcess create = sql(server, "create table t(id int primary key, name varchar(20))");
            assertThat(create.exitCode()).as("stderr: %s", create.stderr()).isZero();
            assertThat(create.stdout()).containsExactly("updated 0 rows");

            JavaProcess insert = sql(server, "insert into t values (?, ?)", "--param", "1", "--param", "alice");
            assertThat(insert.exitCode()).as("stderr: %s", insert.stderr()).isZero();
            assertThat(insert.stdout()).containsExactly("updated 1 rows");

            JavaProcess select = sql(server, "select id, name from t where id = ?", "--param", "1");
            assertThat(select.exitCode()).as("stderr: %s", select.stderr()).isZero();
            assertThat(select.stdout()).containsExactly(
                    "ID | NAME",
                    "---+------",
                    " 1 | alice",
                    "(1 rows)");
            assertThat(server.stats().leased()).as("every sql command released its connection").isZero();
        }
    }

    @Test
    void aStatementTheDatabaseRefusesExits7WithOneLineNamingItsSqlState() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            // H2 answers 42S04 ("this database is empty") while there is no table at all; 42S02 once there is one
            assertThat(sql(server, "create table t(id int)").exitCode()).isZero();

            JavaProcess select = sql(server, "select * from no_such_table");
            assertThat(select.exitCode()).isEqualTo(7);
            assertThat(select.stdout()).isEmpty();
            assertThat(select.stderr()).as("one line, no stack trace").singleElement().asString()
                    .startsWith("pool-client: SQL error 42S02 (vendor code 42102): ")
                    .contains("NO_SUCH_TABLE");
        }
    }

    @Test
    void onTheDefaultDatabaseAClientCannotRunJavaCodeOrTouchFilesInTheServer() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            for (String escape : List.of("create alias HALT for 'java.lang.System.exit'",
                    "select file_read('/etc/hostname')", "shutdown")) {
                JavaProcess refused = sql(server, escape);
                assertThat(refused.exitCode()).as(escape).isEqualTo(7);
                assertThat(refused.stderr()).singleElement().asString().contains("Admin rights are required");
            }
            assertThat(sql(server, "select 1").exitCode()).as("the server is still up").isZero();
            assertThat(server.process.isAlive()).isTrue();
        }
    }

    @Test
    void eachDemoProcessRunsTheStatementInItsOwnDatabaseSession() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null)) {
            JavaProcess demo = runClient(CLIENT_TIMEOUT, Map.of(),
                    "demo", "--sql", "select session_id()", "--server", server.address());

            assertThat(demo.exitCode()).as("stderr: %s", demo.stderr()).isZero();
            List<String> leasedIds = demo.stdout().stream().map(LEASED::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1)).collect(Collectors.toList());
            List<Matcher> rows = demo.stdout().stream().map(SQL_ROW::matcher).filter(Matcher::matches)
                    .collect(Collectors.toList());
            assertThat(leasedIds).hasSize(10).doesNotHaveDuplicates();
            assertThat(rows).as("one result row per leased connection: %s", demo.stdout()).hasSize(10);
            assertThat(rows.stream().map(m -> m.group(1))).containsExactlyInAnyOrderElementsOf(leasedIds);
            assertThat(rows.stream().map(m -> m.group(2))).as("H2 session ids").allMatch(v -> v.matches("\\d+"))
                    .doesNotHaveDuplicates();
            assertThat(demo.stdout()).filteredOn(l -> l.startsWith("summary:"))
                    .containsExactly("summary: processes=11 leased=10 failed=1 duplicates=0");
        }
    }
}
