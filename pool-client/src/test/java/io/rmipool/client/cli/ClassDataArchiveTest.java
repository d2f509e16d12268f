package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
    @TempDir
    Path dir;
    private Path jar;

    @BeforeEach
    void makeJar() throws Exception {
        jar = Files.write(dir.resolve("pool-client.jar"), new byte[] {1, 2, 3});
    }

    private ClassDataArchive archiveIn(Path cache) {
        return ClassDataArchive.of(jar, Map.of("POOL_CDS_DIR", cache.toString()), "/nonexistent").orElseThrow();
    }

    @Test
    void theCacheDirectoryComesFromPoolCdsDirElseXdgCacheHomeElseHome() {
        assertThat(ClassDataArchive.of(jar, Map.of("POOL_CDS_DIR", "/c"), "/h").orElseThrow().path().getParent())
                .isEqualTo(Path.of("/c"));
        assertThat(ClassDataArchive.of(jar, Map.of("XDG_CACHE_HOME", "/x"), "/h").orElseThrow().path().getParent())
                .isEqualTo(Path.of("/x/rmipool"));
        assertThat(ClassDataArchive.of(jar, Map.of(), "/h").orElseThrow().path().getParent())
                .isEqualTo(Path.of("/h/.cache/rmipool"));
        assertThat(ClassDataArchive.of(jar, Map.of("POOL_CDS_DIR", "off"), "/h")).isEmpty();
        assertThat(ClassDataArchive.of(jar, Map.of(), "?")).as("no home directory").isEmpty();
    }

    @Test
    void onlyAClassPathThatIsOneJarGetsAnArchive() {
        assertThat(ClassDataArchive.of(dir, Map.of("POOL_CDS_DIR", "/c"), "/h")).as("a directory").isEmpty();
        assertThat(ClassDataArchive.of(Path.of(jar + ":" + dir), Map.of("POOL_CDS_DIR", "/c"), "/h"))
                .as("a path list").isEmpty();
    }

    @Test
    void aRebuiltJarGetsAnArchiveOfItsOwn() throws Exception {
        Path before = archiveIn(dir).path();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(archiveIn(dir).path()).isNotEqualTo(before).hasParentRaw(dir);
    }

    /** The first worker of the first run makes the archive; the next run maps it. */
    @Test
    void theFirstWorkerMakesTheArchiveWhichLaterRunsMap() throws Exception {
        Path cache = dir.resolve("cache");
        ClassDataArchive first = archiveIn(cache);
        List<String> maker = first.nextWorkerFlags();
        assertThat(maker).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=" + cache);
        assertThat(first.nextWorkerFlags()).as("only one worker makes it").isEmpty();
        assertThat(first.making()).isTrue();

        // the worker writes the archive at its exit, under the temporary name it was given
        Path temporary = Path.of(maker.get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.write(temporary, new byte[] {42});
        Path predecessor = Files.write(cache.resolve("pool-client-0123-4.jsa"), new byte[] {7});
        first.workersExited(true);
        assertThat(predecessor).as("an older jar's archive").doesNotExist();
        assertThat(temporary).doesNotExist();
        assertThat(first.path()).hasBinaryContent(new byte[] {42});

        ClassDataArchive next = archiveIn(cache);
        assertThat(next.nextWorkerFlags()).containsExactly("-XX:SharedArchiveFile=" + first.path());
        assertThat(next.making()).isFalse();
    }

    @Test
    void anArchiveOfAWorkerThatFailedIsThrownAway() throws Exception {
        ClassDataArchive archive = archiveIn(dir);
        Path temporary = Path.of(archive.nextWorkerFlags().get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.write(temporary, new byte[] {42});
        archive.workersExited(false);
        assertThat(temporary).doesNotExist();
        assertThat(archive.path()).doesNotExist();
    }

    @Test
    void anUnwritableCacheDirectoryMeansNoArchive() throws Exception {
        Path file = Files.write(dir.resolve("not-a-directory"), new byte[0]);
        ClassDataArchive archive = archiveIn(file.resolve("cache"));
        assertThat(archive.nextWorkerFlags()).isEmpty();
        assertThat(archive.making()).isFalse();
    }
}
