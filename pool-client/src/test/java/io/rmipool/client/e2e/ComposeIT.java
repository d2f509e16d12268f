package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.config.Secrets;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Compose stack: PostgreSQL, the development credentials made on first start, the pool
 * server in front of PostgreSQL over TLS with a secret, host clients through the published port with
 * the credentials copied out as the README says, and the demo service inside the Compose network.
 */
@EnabledIfDocker
class ComposeIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_CONNECTIONS = 4;
    private static ComposeStack stack;
    private static String server;
    @TempDir
    static Path credentials;

    @BeforeAll
    static void up() throws Exception {
        int port = PoolServerProcess.freePort();
        server = "localhost:" + port;
        stack = new ComposeStack(Map.of("POOL_PUBLISHED_PORT", Integer.toString(port),
                "POOL_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS)));
        stack.up();
        stack.copyCredentials(credentials);
        ClientSettings settings = new ClientSettings("localhost", port, "pool",
                Secrets.load(credentials.resolve("secret"), Map.of()), "it-observer", Duration.ofSeconds(2))
                .withTls(TlsContexts.client(credentials.resolve("ca.pem"), null, null, null));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    try (PoolClient c = PoolClient.connect(settings)) {
                        return c.stats().idle() == MAX_CONNECTIONS;
                    }
                });
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static JavaProcess client(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--server", server, "--tls-truststore", credentials.resolve("ca.pem").toString(),
                "--secret-file", credentials.resolve("secret").toString()));
        return JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(), all.toArray(String[]::new));
    }

    @Test
    void hostClientsRoundTripSqlThroughPooledPostgresConnections() throws Exception {
        assertThat(client("sql", "create table compose_it (id int primary key, name text)").exitCode()).isZero();
        JavaProcess insert = client("sql", "insert into compose_it values (?, ?)", "--param", "1", "--param", "alice");
        assertThat(insert.stdout()).contains("updated 1 rows");
        JavaProcess select = client("sql", "select name, version() like 'PostgreSQL%' as pg from compose_it where id = ?",
                "--param", "1");
        assertThat(select.exitCode()).as("stderr: %s", select.stderr()).isZero();
        assertThat(String.join("\n", select.stdout())).contains("alice", "true", "(1 rows)");
    }

    @Test
    void thePoolsDatabaseRoleIsNoSuperuser() throws Exception {
        JavaProcess role = client("sql", "select rolsuper from pg_roles where rolname = current_user");
        assertThat(role.exitCode()).as("stderr: %s", role.stderr()).isZero();
        assertThat(String.join("\n", role.stdout())).contains("false", "(1 rows)");
        JavaProcess escape = client("sql", "copy (select 1) to program 'id'");
        assertThat(escape.exitCode()).isEqualTo(7);
        assertThat(escape.stderr()).singleElement().asString().contains("42501");
    }

    /** Invariant: never more than max connections to PostgreSQL, as each demo child sees it. */
    @Test
    void thePoolNeverHoldsMoreThanMaxConnectionsToPostgres() throws Exception {
        JavaProcess demo = client("demo", "--processes", "6", "--sql",
                "select count(*) from pg_stat_activity where application_name = 'rmipool-pool'");
        assertThat(demo.exitCode()).as("stderr: %s", demo.stderr()).isZero();
        assertThat(demo.stdout()).contains("summary: processes=6 leased=4 failed=2 duplicates=0");
        Pattern count = Pattern.compile("\\s+connection\\(id=\\d+\\): (\\d+)");
        List<Integer> seen = demo.stdout().stream().map(count::matcher).filter(Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1))).collect(Collectors.toList());
        assertThat(seen).hasSize(4).allSatisfy(n -> assertThat(n).isEqualTo(MAX_CONNECTIONS));
    }

    /** The admin secret the credentials service made, copied out as the README says, makes a host client an admin. */
    @Test
    void theCopiedAdminSecretPausesAndResumesThePool() throws Exception {
        String adminSecret = credentials.resolve("admin-secret").toString();
        JavaProcess pause = client("admin", "pause", "--admin-secret-file", adminSecret);
        assertThat(pause.exitCode()).as("stderr: %s", pause.stderr()).isZero();
        assertThat(client("stats").stdout()).contains("state:       paused");
        assertThat(client("admin", "resume", "--admin-secret-file", adminSecret).exitCode()).isZero();
        assertThat(client("stats").stdout()).contains("state:       serving");
        JavaProcess notAdmin = client("admin", "pause", "--admin-secret-file", credentials.resolve("secret").toString());
        assertThat(notAdmin.exitCode()).isEqualTo(5);
    }

    @Test
    void theDemoServiceRunsInsideTheNetworkAndExitsZero() throws Exception {
        ComposeStack.Result build = stack.compose(Duration.ofMinutes(5), "--profile", "demo", "build", "demo");
        assertThat(build.exitCode()).as("output:%n%s", build.output()).isZero();
        ComposeStack.Result demo = stack.compose(Duration.ofMinutes(5), "--profile", "demo", "run", "--rm", "demo");
        assertThat(demo.exitCode()).as("output:%n%s", demo.output()).isZero();
        assertThat(demo.output()).contains("summary: processes=11 leased=4 failed=7 duplicates=0");
    }
}
