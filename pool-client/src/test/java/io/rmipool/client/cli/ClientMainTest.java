package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's usage errors and help, run in this JVM; no server is needed for any of them. */
class ClientMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cl = ClientMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lease --server foo:bar | Invalid value for option '--server' (HOST:PORT): 'foo:bar' is not host:port",
            "lease --server :1 | Invalid value for option '--server' (HOST:PORT): ':1' is not host:port",
            "admin pause --server a:1,b:2 | admin takes one --server: an admin command acts on one server",
            "admin pause --discover | admin takes one --server, without --discover: an admin command acts on one server",
            "demo --discover | demo takes one --server, without --discover",
            "stats --server h:65536 | Invalid value for option '--server'",
            "lease --timeout soon | Invalid value for option '--timeout': 'soon' is not a duration",
            "lease --nope | Unknown option: '--nope'",
            "demo --processes 0 | --processes must be at least 1",
            "stress --processes 1 --cycles 0 | --cycles must be at least 1",
            "stress --processes 2 | Missing required option: '--cycles=K'",
            "nosuch | Unmatched argument at index 0: 'nosuch'",
            "sql | Missing required parameter: 'STATEMENT'",
            "sql select?1 --param int:abc | Invalid value for option '--param' (VALUE): 'int:abc' is not an integer (a long)",
            "sql select?1 --param date:tomorrow | Invalid value for option '--param' (VALUE): 'date:tomorrow' is not an ISO date",
            "sql select?1 --timeout soon | Invalid value for option '--timeout'"})
    void usageErrorsAreOneLineAndExit2(String args, String message) {
        assertThat(run(args.split(" "))).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("pool-client: " + message).hasLineCount(1);
    }

    @Test
    void aMissingSecretFileIsAUsageError(@TempDir Path dir) {
        Path missing = dir.resolve("secret");
        assertThat(run("stats", "--secret-file", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("pool-client: secret file " + missing + " does not exist" + System.lineSeparator());
    }

    @Test
    void anEmptySecretFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("secret"), "\n".getBytes());
        assertThat(run("stats", "--secret-file", empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is empty");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).startsWith("pool-client: a command is required");
    }

    @Test
    void helpShowsTheExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Exit codes:", "3   no connection leased", "5   authentication failed",
                        "6   the pool server cannot reach the database", "7   the SQL statement failed")
                .doesNotContain("demo-worker", "stress-worker");
    }

    @Test
    void subcommandHelpShowsTheExitCodesToo() {
        assertThat(run("stress", "--help")).isZero();
        assertThat(out.toString()).contains("--processes=P", "--cycles=K", "Exit codes:");
    }

    @Test
    void demoAndStressOfferNoProgress() {
        for (String command : new String[] {"demo", "stress"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).isZero();
            assertThat(out.toString()).contains("--no-progress", "On a terminal, stderr shows");
        }
    }

    @Test
    void workersGetTheSecretFilesPathNeverTheSecret(@TempDir Path dir) throws Exception {
        var main = new ClientMain();
        var cl = new picocli.CommandLine(main);
        Path secret = Files.write(dir.resolve("s"), "hunter2".getBytes());
        cl.parseArgs("--server", "db:7000", "--name", "p2", "--secret-file", secret.toString());
        WorkerSettings settings = DemoWorker.settings(main.workerSettings(WorkerSettings.DEMO), Duration.ofSeconds(1), null);
        assertThat(settings.jvmArguments()).containsExactly("-Drmipool.worker.role=demo", "-Drmipool.worker.server=db:7000",
                "-Drmipool.worker.name=p2", "-Drmipool.worker.secret-file=" + secret.toAbsolutePath(),
                "-Drmipool.worker.tls=false", "-Drmipool.worker.verbose=false", "-Drmipool.worker.hold=1s")
                .noneMatch(a -> a.contains("hunter2"));
    }

    /** A fleet's servers, comma-separated or repeated, reach the workers in order. */
    @Test
    void severalServersReachTheWorkersInOrder() throws Exception {
        var main = new ClientMain();
        new picocli.CommandLine(main).parseArgs("--server", "a:1100,b", "--server", "[::1]:1200");
        WorkerSettings sent = DemoWorker.settings(main.workerSettings(WorkerSettings.DEMO), Duration.ofSeconds(1), null);
        assertThat(sent.jvmArguments()).contains("-Drmipool.worker.server=a:1100,b:1099,[::1]:1200");
        Properties system = new Properties();
        for (String arg : sent.jvmArguments()) {
            int eq = arg.indexOf('=');
            system.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
        }
        assertThat(WorkerSettings.from(system).connection().servers()).containsExactly(new HostPort("a", 1100),
                new HostPort("b", 1099), new HostPort("::1", 1200));
    }

    /** What a worker reads back is what its parent wrote: the settings survive the trip through -D. */
    @Test
    void workerSettingsRoundTripThroughSystemProperties() throws Exception {
        var main = new ClientMain();
        new picocli.CommandLine(main).parseArgs("--server", "[::1]:7000", "--tls-truststore", "ca.pem", "--verbose");
        WorkerSettings sent = StressWorker.settings(main.workerSettings(WorkerSettings.STRESS), 500, 20,
                "select 'a = b'", Duration.ofMillis(1500), true, true);
        Properties system = new Properties();
        for (String arg : sent.jvmArguments()) {
            int eq = arg.indexOf('=');
            system.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
        }
        system.setProperty("java.home", "/elsewhere"); // not a worker setting: ignored

        WorkerSettings received = WorkerSettings.from(system);
        assertThat(received.role()).isEqualTo("stress");
        assertThat(received.verbose()).isTrue();
        assertThat(received.connection()).isEqualTo(new ConnectionOptions(List.of(new HostPort("::1", 7000)), "pool", null, false,
                Path.of("ca.pem").toAbsolutePath(), null, null));
        assertThat(received.integer("cycles")).isEqualTo(500);
        assertThat(received.text("sql")).isEqualTo("select 'a = b'");
        assertThat(received.duration("timeout")).isEqualTo(Duration.ofMillis(1500));
        assertThat(received.flag("keep-going")).isTrue();
        assertThat(received.flag("progress")).isTrue();
        assertThatThrownBy(() -> WorkerSettings.from(new Properties()).connection())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rmipool.worker.server is missing");
    }

    @Test
    void badTlsFilesAreUsageErrors(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("ca.pem");
        assertThat(run("stats", "--tls-truststore", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("pool-client: TLS truststore " + missing + " does not exist"
                + System.lineSeparator());

        err.getBuffer().setLength(0);
        Path keystore = Files.write(dir.resolve("client.p12"), new byte[] {1, 2, 3});
        assertThat(run("stats", "--tls-keystore", keystore.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("pool-client: the TLS keystore's password is missing").hasLineCount(1);
    }

    @Test
    void workersGetTheTlsFilesPathsToo() throws Exception {
        var main = new ClientMain();
        var cl = new picocli.CommandLine(main);
        cl.parseArgs("--tls", "--tls-truststore", "ca.pem", "--tls-keystore", "client.p12",
                "--tls-keystore-password-file", "password");
        assertThat(main.workerSettings(WorkerSettings.STRESS).jvmArguments()).contains(
                "-Drmipool.worker.tls=true",
                "-Drmipool.worker.tls-truststore=" + Path.of("ca.pem").toAbsolutePath(),
                "-Drmipool.worker.tls-keystore=" + Path.of("client.p12").toAbsolutePath(),
                "-Drmipool.worker.tls-keystore-password-file=" + Path.of("password").toAbsolutePath());
    }

    @Test
    void sqlHelpExplainsTheParameterTypes() {
        assertThat(run("sql", "--help")).isZero();
        assertThat(out.toString()).contains("STATEMENT", "--param=VALUE", "text:, int:, decimal:", "--timeout=DURATION",
                "7   the SQL statement failed");
    }

    @Test
    void aSqlErrorLeadsWithItsSqlStateAndVendorCode() {
        var e = new io.rmipool.api.SqlFailedException("Table \"T\" not found;\nSQL statement:\nselect * from t", "42S02", 42102);
        assertThat(ClientMain.describe(e))
                .isEqualTo("SQL error 42S02 (vendor code 42102): Table \"T\" not found; SQL statement: select * from t");
        assertThat(ClientMain.describe(new io.rmipool.api.SqlFailedException("boom", null, 0)))
                .isEqualTo("SQL error (vendor code 0): boom");
        assertThat(ClientMain.describe(new IllegalStateException("plain"))).isEqualTo("plain");
    }

    @Test
    void messagesBecomeOneLine() {
        assertThat(ClientMain.oneLine(new java.rmi.RemoteException("a\n\tb"))).isEqualTo("a b");
        assertThat(ClientMain.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
