package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.rmipool.api.PoolStats;
import io.rmipool.api.config.Secrets;
import io.rmipool.api.testing.DevTls;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The server in a container built from {@code pool-server/Dockerfile}, over TLS with a secret (the
 * image refuses to start without them); client JVMs are real processes on the host that reach it
 * through the port Docker maps at random, which only works because every stub routes through the
 * address the client was given, and the server's certificate names {@code localhost}.
 */
@EnabledIfDocker
class ServerContainerIT {
    @RegisterExtension
    static final Images IMAGES = new Images();

    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern LEASED = Pattern.compile("leased connection\\(id=\\d+\\)");
    private static final String SECRETS = "/run/secrets/rmipool/";
    private static final DevTls TLS = DevTls.get();

    @TempDir
    static Path dir;
    private static Path secret;

    private GenericContainer<?> server;

    @BeforeAll
    static void makeSecret() throws Exception {
        secret = Files.writeString(dir.resolve("secret"), "container-test-secret-" + System.nanoTime() + "\n");
    }

    /** What every host client adds to its command line: TLS with the development CA, and the secret. */
    private static String[] credentials(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--tls-truststore", TLS.ca().toString(), "--secret-file", secret.toString()));
        return all.toArray(String[]::new);
    }

    @AfterEach
    void removeContainer() {
        if (server != null) {
            server.stop(); // also removes the container and its anonymous volumes
        }
    }

    private GenericContainer<?> startServer(Map<String, String> env) {
        server = new GenericContainer<>(DockerImageName.parse(IMAGES.module("pool-server")))
                .withExposedPorts(1099)
                .withCopyFileToContainer(MountableFile.forHostPath(secret, 0644), SECRETS + "secret")
                .withCopyFileToContainer(MountableFile.forHostPath(TLS.serverKeystore(), 0644), SECRETS + "server.p12")
                .withCopyFileToContainer(MountableFile.forHostPath(TLS.passwordFile(), 0644), SECRETS + "password")
                .withEnv("POOL_SECRET_FILE", SECRETS + "secret")
                .withEnv("POOL_TLS_KEYSTORE", SECRETS + "server.p12")
                .withEnv("POOL_TLS_KEYSTORE_PASSWORD_FILE", SECRETS + "password")
                .withEnv(env)
                // the server's own "ready" line: a port check would pass as soon as Docker's proxy listens
                .waitingFor(Wait.forLogMessage(".*pool-server ready.*", 1).withStartupTimeout(Duration.ofMinutes(1)));
        server.start();
        return server;
    }

    private String address() {
        return server.getHost() + ":" + server.getMappedPort(1099);
    }

    private static PoolStats stats(String host, int port) throws Exception {
        ClientSettings settings = new ClientSettings(host, port, "pool", Secrets.load(secret, Map.of()), "it-observer",
                Duration.ofSeconds(2)).withTls(TlsContexts.client(TLS.ca(), null, null, null));
        try (PoolClient client = PoolClient.connect(settings)) {
            return client.stats();
        }
    }

    @Test
    void withoutASecretAndTlsTheImageRefusesToStart() throws Exception {
        Process run = new ProcessBuilder("docker", "run", "--rm", IMAGES.module("pool-server")).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isEqualTo(2);
        assertThat(output.strip()).as("one line").doesNotContain("\n")
                .contains("--bind 0.0.0.0 (every interface) is not loopback: a shared secret is required");
    }

    @Test
    void theDemoRunsOverTlsFromHostProcessesThroughTheMappedPort() throws Exception {
        startServer(Map.of());
        JavaProcess demo = JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(), credentials("demo", "--server", address()));
        assertThat(demo.exitCode()).as("stderr: %s", demo.stderr()).isZero();
        assertThat(demo.stdout()).filteredOn(l -> LEASED.matcher(l).matches()).hasSize(10).doesNotHaveDuplicates();
        assertThat(demo.stdout()).contains("summary: processes=11 leased=10 failed=1 duplicates=0");

        // a client without TLS, or without the CA that signed the server's certificate, gets nowhere
        JavaProcess plain = JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(),
                "stats", "--server", address(), "--secret-file", secret.toString());
        assertThat(plain.exitCode()).isEqualTo(4);
        assertThat(plain.stderr()).singleElement().asString().contains("the server speaks TLS");
        JavaProcess untrusting = JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(),
                "stats", "--server", address(), "--tls", "--secret-file", secret.toString());
        assertThat(untrusting.exitCode()).isEqualTo(4);
        assertThat(untrusting.stderr()).singleElement().asString().contains("TLS handshake failed");
    }

    @Test
    void aKilledHostClientsLeaseComesBackWithinTtlPlusOneSecond() throws Exception {
        startServer(Map.of("POOL_LEASE_TTL", "2s"));
        try (JavaProcess holder = JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                credentials("lease", "--hold", "10m", "--server", address()))) {
            holder.awaitLine(l -> LEASED.matcher(l).matches(), Duration.ofSeconds(30));
            assertThat(stats(server.getHost(), server.getMappedPort(1099)).leased()).isEqualTo(1);

            holder.kill();
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> stats(server.getHost(), server.getMappedPort(1099)).leased() == 0);
        }
    }

    @Test
    void aStoppedServerIsReportedAsUnreachableAndServesNewClientsOnceStartedAgain() throws Exception {
        startServer(Map.of());
        DockerClient docker = DockerClientFactory.instance().client();
        String id = server.getContainerId();
        try (JavaProcess holder = JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                credentials("lease", "--hold", "5s", "--server", address()))) {
            holder.awaitLine(l -> LEASED.matcher(l).matches(), Duration.ofSeconds(30));

            docker.stopContainerCmd(id).withTimeout(30).exec();
            assertThat(docker.inspectContainerCmd(id).exec().getState().getExitCodeLong())
                    .as("SIGTERM is a clean shutdown").isZero();

            // the holder's release meets a dead server: one clear line, no hang past its hold
            assertThat(holder.awaitExit(Duration.ofSeconds(30))).isEqualTo(4);
            assertThat(holder.stderr()).anyMatch(l -> l.contains("cannot reach pool server at " + address()));
            JavaProcess late = JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(),
                    credentials("lease", "--timeout", "2s", "--server", address()));
            assertThat(late.exitCode()).isEqualTo(4);
        }

        docker.startContainerCmd(id).exec();
        String again = server.getHost() + ":" + mappedPort(docker, id);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(), credentials("lease", "--server", again)).exitCode() == 0);
    }

    /** The host port Docker mapped to 1099 now (a restarted container may get a new one). */
    private static int mappedPort(DockerClient docker, String id) {
        Ports.Binding[] bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts()
                .getBindings().get(ExposedPort.tcp(1099));
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }
}
