package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * The repository's {@code docker-compose.yml} (and any override files layered over it) run by the machine's {@code docker-compose} (v1, as
 * Debian ships it) under a project name and image tag of its own, so it never touches a user's
 * stack. (Testcontainers' compose support needs registry images here: a socat ambassador for
 * exposed services, or the compose v2 plugin; the CLI needs neither.) {@link #close()} removes the
 * containers, network, volume and the images it built.
 */
final class ComposeStack implements AutoCloseable {
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String project = "rmipoolit" + id;
    private final String tag = "it-" + id;
    private final Map<String, String> env = new HashMap<>();
    private final List<Path> files = new ArrayList<>();

    /**
     * @param settings compose variables (POOL_MAX_CONNECTIONS, POOL_PUBLISHED_PORT, ...)
     * @param overrides compose files layered over docker-compose.yml, in order (e.g. docker-compose.fleet.yml)
     */
    ComposeStack(Map<String, String> settings, Path... overrides) {
        files.add(Images.REPO.resolve("docker-compose.yml"));
        files.addAll(List.of(overrides));
        env.putAll(settings);
        env.put("RMIPOOL_TAG", tag);
        env.put("JAVA_BASE_IMAGE", Images.javaBase());
        env.put("POSTGRES_IMAGE", Images.postgres());
    }

    /** The output and exit code of one docker-compose command. */
    record Result(int exitCode, String output) {
    }

    Result compose(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--project-name", project));
        for (Path file : files) {
            command.addAll(List.of("--file", file.toString()));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the process is gone: its output ends here
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker-compose " + args[0] + " did not finish within " + timeout);
        }
        reader.join(10_000);
        return new Result(process.exitValue(), output.toString());
    }

    /** Runs the {@code docker} CLI (e.g. {@code docker cp}). */
    static Result docker(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker " + args[0] + " did not finish within " + timeout);
        }
        return new Result(process.exitValue(), output);
    }

    /**
     * Copies the development credentials the stack made (CA, secret, keystores) out of the pool server's
     * container into {@code dir}, as the README tells users to.
     */
    void copyCredentials(Path dir) throws IOException, InterruptedException {
        Result id = compose(Duration.ofMinutes(1), "ps", "-q", "pool-server");
        assertThat(id.exitCode()).as(id.output()).isZero();
        Result copy = docker(Duration.ofMinutes(1), "cp", id.output().strip() + ":/credentials/.", dir.toString());
        assertThat(copy.exitCode()).as("docker cp: %s", copy.output()).isZero();
    }

    /** Builds and starts the stack's services but the demo profile's (postgres and pool-server, ...). */
    void up() throws IOException, InterruptedException {
        Result up = compose(Duration.ofMinutes(5), "up", "--detach", "--build");
        assertThat(up.exitCode()).as("docker-compose up:%n%s", up.output()).isZero();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        compose(Duration.ofMinutes(2), "--profile", "demo", "down", "--volumes", "--remove-orphans");
        for (String image : List.of("rmipool/pool-server:" + tag, "rmipool/pool-client:" + tag)) {
            if (Images.exists(image)) {
                DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
            }
        }
    }
}
