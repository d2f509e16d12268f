package io.rmipool.client.e2e;

import static io.rmipool.client.e2e.JavaProcess.runClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.SqlResult;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server on a real PostgreSQL, with real client processes. Needs {@code POOL_TEST_PG_URL},
 * {@code POOL_TEST_PG_USER}, {@code POOL_TEST_PG_PASSWORD} and {@code POOL_TEST_PG_CTL} (a command
 * that takes {@code stop} / {@code start}), as {@code scripts/ci-postgres.sh} prints them. Without
 * them this class is skipped (locally); CI always sets them and fails on skipped integration tests.
 */
@EnabledIfPostgres
class PostgresIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);

    /** Marks this test's pool connections in pg_stat_activity. */
    private final String applicationName = "rmipool-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String table = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Connection observer;
    private PoolServerProcess server;

    @BeforeEach
    void connectObserver() throws SQLException {
        observer = TestPostgres.connect();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
        TestPostgres.ctl("start"); // whatever a test did to the database, leave it running
        try (Connection c = TestPostgres.connect()) {
            c.createStatement().execute("drop table if exists " + table);
        }
        observer.close();
    }

    private PoolServerProcess startServer(int maxConnections) throws Exception {
        server = TestPostgres.startServer(applicationName,
                "--max-connections", Integer.toString(maxConnections), "--lease-ttl", "5s");
        return server;
    }

    @Test
    void theServerWarnsAtStartWhenItsRoleIsASuperuserAndOnlyThen() throws Exception {
        String superuser = System.getenv("POOL_TEST_PG_SUPERUSER");
        assertThat(superuser).as("POOL_TEST_PG_SUPERUSER (scripts/ci-postgres.sh sets it)").isNotBlank();
        try (PoolServerProcess privileged = PoolServerProcess.start(null, Map.of("POOL_JDBC_USER", superuser,
                "POOL_JDBC_PASSWORD", System.getenv("POOL_TEST_PG_SUPERUSER_PASSWORD")), "--jdbc-url", TestPostgres.URL,
                "--max-connections", "1")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> privileged.process.stderr().stream()
                    .anyMatch(l -> l.contains("WARN") && l.contains("the database role is a PostgreSQL superuser")));
        }
        startServer(1);
        assertThat(server.process.stderr()).noneMatch(l -> l.contains("superuser"));
    }

    private int poolBackends() throws SQLException {
        return TestPostgres.backends(observer, applicationName);
    }

    private JavaProcess sql(String statement, String... params) throws Exception {
        List<String> args = new ArrayList<>(List.of("sql", statement, "--server", server.address()));
        for (String p : params) {
            args.add("--param");
            args.add(p);
        }
        return runClient(CLIENT_TIMEOUT, Map.of(), args.toArray(String[]::new));
    }

    @Test
    void statementsFromSeveralClientProcessesRoundTripThroughPooledConnections() throws Exception {
        startServer(3);
        assertThat(sql("create table " + table + " (id int primary key, name text)").exitCode()).isZero();

        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<Future<JavaProcess>> inserts = new ArrayList<>();
            String[] names = {"alice", "bob", "carol"};
            for (int i = 0; i < names.length; i++) {
                String id = Integer.toString(i + 1);
                String name = names[i];
                inserts.add(clients.submit(() -> sql("insert into " + table + " values (?, ?)", id, name)));
            }
            for (Future<JavaProcess> insert : inserts) {
                JavaProcess p = insert.get(2, TimeUnit.MINUTES);
                assertThat(p.exitCode()).as("stderr: %s", p.stderr()).isZero();
                assertThat(p.stdout()).contains("updated 1 rows");
            }
        } finally {
            clients.shutdownNow();
        }
        JavaProcess select = sql("select name from " + table + " where id >= ? order by id", "2");
        assertThat(select.exitCode()).isZero();
        assertThat(String.join("\n", select.stdout())).contains("bob", "carol", "(2 rows)").doesNotContain("alice");
    }

    @Test
    void aRollbackAndAnUncommittedReleaseLeaveNoTrace() throws Exception {
        startServer(1);
        try (PoolClient client = PoolClient.connect(new ClientSettings("localhost", server.port, "pool", null,
                "postgres-it", Duration.ofSeconds(5)))) {
            try (LeasedConnection c = client.lease(Duration.ofSeconds(5))) {
                c.execute("create table " + table + " (id int)");
                c.setAutoCommit(false);
                c.execute("insert into " + table + " values (?)", 1);
                c.rollback();
                c.execute("insert into " + table + " values (?)", 2);
                c.commit();
                c.execute("insert into " + table + " values (?)", 3);
                // released with the transaction open: the server rolls it back
            }
            try (LeasedConnection c = client.lease(Duration.ofSeconds(5))) {
                SqlResult rows = c.execute("select id from " + table + " order by id");
                assertThat(rows.rows()).extracting(r -> r.get(0)).containsExactly(2);
            }
        }
    }

    /** Invariant: never more than max connections to PostgreSQL, sampled all through a demo run. */
    @Test
    void thePoolNeverOpensMoreThanMaxConnections() throws Exception {
        startServer(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> poolBackends() == 3);
        AtomicInteger most = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    most.accumulateAndGet(poolBackends(), Math::max);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        sampler.start();
        JavaProcess demo;
        try {
            demo = runClient(CLIENT_TIMEOUT, Map.of(),
                    "demo", "--processes", "6", "--sql", "select pg_backend_pid()", "--server", server.address());
        } finally {
            sampling.set(false);
            sampler.join(10_000);
        }
        assertThat(demo.exitCode()).as("stderr: %s", demo.stderr()).isZero();
        assertThat(demo.stdout()).contains("summary: processes=6 leased=3 failed=3 duplicates=0");
        Map<String, String> pidByConnection = new HashMap<>();
        Pattern result = Pattern.compile("\\s+connection\\(id=(\\d+)\\): (\\d+)");
        for (String line : demo.stdout()) {
            Matcher m = result.matcher(line);
            if (m.matches()) {
                pidByConnection.put(m.group(1), m.group(2));
            }
        }
        assertThat(pidByConnection).as("each child saw its own backend").hasSize(3);
        assertThat(new java.util.HashSet<>(pidByConnection.values())).hasSize(3);
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void aTerminatedBackendIsReplacedBeforeAnyClientSeesIt() throws Exception {
        startServer(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> poolBackends() == 2);
        try (PreparedStatement kill = observer.prepareStatement(
                "select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?")) {
            kill.setString(1, applicationName);
            kill.execute();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> poolBackends() == 0);

        for (int i = 0; i < 2; i++) {
            JavaProcess p = sql("select 1");
            assertThat(p.exitCode()).as("stderr: %s", p.stderr()).isZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> poolBackends() >= 1);
        assertThat(poolBackends()).isLessThanOrEqualTo(2);
    }

    @Test
    void aStoppedDatabaseIsUnavailableAndThePoolHealsWhenItIsBackWithoutARestart() throws Exception {
        startServer(2);
        TestPostgres.ctl("stop");

        JavaProcess lease = runClient(CLIENT_TIMEOUT, Map.of(), "lease", "--timeout", "2s", "--server", server.address());
        assertThat(lease.exitCode()).isEqualTo(6);
        assertThat(lease.stderr()).anyMatch(l -> l.contains("database unavailable at 127.0.0.1:"))
                .noneMatch(l -> l.contains("exhausted"));

        TestPostgres.ctl("start");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> sql("select 1").exitCode() == 0);
        assertThat(server.process.isAlive()).as("healed with no server restart").isTrue();
    }
}
