package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The images the container tests use. Base images: {@code JAVA_BASE_IMAGE} / {@code POSTGRES_IMAGE}
 * when set, else the offline ones of {@code scripts/build-offline-images.sh} when present, else the
 * public ones (which need a registry). The project's own images are built once per test run from
 * the real Dockerfiles and freshly built jars, shared by all test classes, and removed at the end
 * of the run. Register it in a test class as a static {@code @RegisterExtension} field.
 */
final class Images implements BeforeAllCallback {
    static final Path REPO = Path.of(System.getProperty("pool.repo.dir", "..")).toAbsolutePath().normalize();
    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();

    /** The whole run's store: what is put there as a CloseableResource is closed when the run ends. */
    private ExtensionContext.Store runStore;

    @Override
    public void beforeAll(ExtensionContext context) {
        runStore = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    }

    static String javaBase() {
        return choose("JAVA_BASE_IMAGE", "rmipool/jre:17", "eclipse-temurin:17-jre");
    }

    static String postgres() {
        return choose("POSTGRES_IMAGE", "rmipool/postgres:15", "postgres:15");
    }

    private static String choose(String variable, String offline, String online) {
        String set = System.getenv(variable);
        if (set != null && !set.isBlank()) {
            return set;
        }
        return exists(offline) ? offline : online;
    }

    static boolean exists(String image) {
        return !DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter(image).exec().isEmpty();
    }

    /**
     * The image of {@code module}'s Dockerfile ({@code pool-server} or {@code pool-client}), built on
     * first use in this run and removed when the run ends.
     */
    String module(String module) {
        return BUILT.computeIfAbsent(module, m -> {
            String name = "rmipool/" + m + "-it:latest";
            Path dockerfile = REPO.resolve(m).resolve("Dockerfile");
            assertThat(REPO.resolve(m).resolve("target").resolve(m + ".jar")).as("built jar").exists();
            new ImageFromDockerfile(name, false)
                    .withDockerfile(dockerfile)
                    .withBuildArg("BASE_IMAGE", javaBase())
                    .get();
            runStore.put("image " + name, (ExtensionContext.Store.CloseableResource) () -> remove(m, name));
            return name;
        });
    }

    /**
     * The Compose fleet's ZooKeeper: {@code ZOOKEEPER_IMAGE} when set, else {@code docker/zookeeper/Dockerfile}
     * built on {@link #javaBase()} from the jars its module copied (so the test runs the repository's image,
     * with or without a registry), once in this run and removed when the run ends.
     */
    String zookeeper() {
        String set = System.getenv("ZOOKEEPER_IMAGE");
        if (set != null && !set.isBlank()) {
            return set;
        }
        return BUILT.computeIfAbsent("zookeeper", m -> {
            String name = "rmipool/zookeeper-it:latest";
            Path dir = REPO.resolve("docker").resolve("zookeeper");
            assertThat(dir.resolve("target").resolve("lib")).as("ZooKeeper's jars (./mvnw package)").isNotEmptyDirectory();
            new ImageFromDockerfile(name, false)
                    .withDockerfile(dir.resolve("Dockerfile"))
                    .withBuildArg("BASE_IMAGE", javaBase())
                    .get();
            runStore.put("image " + name, (ExtensionContext.Store.CloseableResource) () -> remove(m, name));
            return name;
        });
    }

    private static void remove(String module, String image) {
        DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
        BUILT.remove(module);
    }
}
