package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.rmipool.api.PoolStats;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.PoolClient;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The server in a container built from {@code pool-server/Dockerfile}; client JVMs are real
 * processes on the host that reach it through the port Docker maps at random, which only works
 * because every stub routes through the address the client was given.
 */
@EnabledIfDocker
class ServerContainerIT {
    @RegisterExtension
    static final Images IMAGES = new Images();

    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern LEASED = Pattern.compile("leased connection\\(id=\\d+\\)");

    private GenericContainer<?> server;

    @AfterEach
    void removeContainer() {
        if (server != null) {
            server.stop(); // also removes the container and its anonymous volumes
        }
    }

    private GenericContainer<?> startServer(Map<String, String> env) {
        server = new GenericContainer<>(DockerImageName.parse(IMAGES.module("pool-server")))
                .withExposedPorts(1099)
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
        try (PoolClient client = PoolClient.connect(new ClientSettings(host, port, "pool", null, "it-observer",
                Duration.ofSeconds(2)))) {
            return client.stats();
        }
    }

    @Test
    void theDemoRunsFromHostProcessesThroughTheMappedPort() throws Exception {
        startServer(Map.of());
        JavaProcess demo = JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(), "demo", "--server", address());
        assertThat(demo.exitCode()).as("stderr: %s", demo.stderr()).isZero();
        assertThat(demo.stdout()).filteredOn(l -> LEASED.matcher(l).matches()).hasSize(10).doesNotHaveDuplicates();
        assertThat(demo.stdout()).contains("summary: processes=11 leased=10 failed=1 duplicates=0");
    }

    @Test
    void aKilledHostClientsLeaseComesBackWithinTtlPlusOneSecond() throws Exception {
        startServer(Map.of("POOL_LEASE_TTL", "2s"));
        try (JavaProcess holder = JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                "lease", "--hold", "10m", "--server", address())) {
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
                "lease", "--hold", "5s", "--server", address())) {
            holder.awaitLine(l -> LEASED.matcher(l).matches(), Duration.ofSeconds(30));

            docker.stopContainerCmd(id).withTimeout(30).exec();
            assertThat(docker.inspectContainerCmd(id).exec().getState().getExitCodeLong())
                    .as("SIGTERM is a clean shutdown").isZero();

            // the holder's release meets a dead server: one clear line, no hang past its hold
            assertThat(holder.awaitExit(Duration.ofSeconds(30))).isEqualTo(4);
            assertThat(holder.stderr()).anyMatch(l -> l.contains("cannot reach pool server at " + address()));
            JavaProcess late = JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(),
                    "lease", "--timeout", "2s", "--server", address());
            assertThat(late.exitCode()).isEqualTo(4);
        }

        docker.startContainerCmd(id).exec();
        String again = server.getHost() + ":" + mappedPort(docker, id);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                JavaProcess.runClient(CLIENT_TIMEOUT, Map.of(), "lease", "--server", again).exitCode() == 0);
    }

    /** The host port Docker mapped to 1099 now (a restarted container may get a new one). */
    private static int mappedPort(DockerClient docker, String id) {
        Ports.Binding[] bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts()
                .getBindings().get(ExposedPort.tcp(1099));
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }
}
