package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL the integration tests run against, as {@code POOL_TEST_PG_*} describe it (see
 * {@link EnabledIfPostgres}): pool servers on it, its backends, and stopping, starting and freezing it.
 */
final class TestPostgres {
    static final String URL = System.getenv("POOL_TEST_PG_URL");
    static final String USER = System.getenv("POOL_TEST_PG_USER");
    static final String PASSWORD = System.getenv("POOL_TEST_PG_PASSWORD");

    private TestPostgres() {
    }

    /**
     * A pool server on the test database whose connections carry {@code application} as their
     * application name, so {@link #backends} counts them and no one else's.
     */
    static PoolServerProcess startServer(String application, String... args) throws IOException {
        return startServerWithSecret(null, application, args);
    }

    /** The same, with a login secret (null for none). */
    static PoolServerProcess startServerWithSecret(String secret, String application, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", urlFor(application)));
        all.addAll(List.of(args));
        return PoolServerProcess.start(secret, Map.of("POOL_JDBC_USER", USER, "POOL_JDBC_PASSWORD", PASSWORD),
                all.toArray(String[]::new));
    }

    /** The test database's URL for connections that carry {@code application} as their application name. */
    static String urlFor(String application) {
        return URL + (URL.contains("?") ? "&" : "?") + "ApplicationName=" + application;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    /** The backends in {@code pg_stat_activity} with {@code application} as their application name. */
    static int backends(Connection c, String application) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
            ps.setString(1, application);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** {@link #backends(Connection, String)} on a connection of its own. */
    static int backends(String application) throws SQLException {
        try (Connection c = connect()) {
            return backends(c, application);
        }
    }

    /** {@code POOL_TEST_PG_CTL stop} or {@code start}. */
    static void ctl(String action) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getenv("POOL_TEST_PG_CTL").trim().split("\\s+")));
        command.add(action);
        run(command);
    }

    /** SIGSTOPs every PostgreSQL process: TCP connections are still accepted, nothing answers. Needs root. */
    static void freeze() throws Exception {
        run(List.of("pkill", "-STOP", "-u", "postgres", "-x", "postgres"));
    }

    static void thaw() throws Exception {
        run(List.of("pkill", "-CONT", "-u", "postgres", "-x", "postgres"));
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        // pg_ctlcluster exits 2 for "already running" / "not running": the state we asked for
        assertThat(p.exitValue()).as("%s: %s", command, output).isIn(0, 2);
    }
}
