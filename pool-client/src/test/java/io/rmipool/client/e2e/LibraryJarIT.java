package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The library jar (what a program that depends on pool-client gets, as against the runnable jar)
 * configures no logging: the program's own Log4j configuration decides. What it brings along is checked
 * by the pool-client-library-check module's build.
 */
class LibraryJarIT {
    @Test
    void theLibraryJarCarriesNoLoggingConfiguration() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("pool-client-\\d.*(?<!-tests)\\.jar"))
                    .findFirst().orElseThrow();
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).collect(Collectors.toList());
            assertThat(names).as("%s", jar).contains("io/rmipool/client/PoolClient.class")
                    .noneMatch(n -> n.toLowerCase().contains("log4j"));
        }
    }
}
