package io.rmipool.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The class-data-sharing archive (AppCDS) that worker JVMs start from: the classes a worker loads,
 * already parsed and verified, mapped into every worker instead of being read from the jar again. On
 * this project's machines it takes a good third off each worker's start-up.
 *
 * <p>One archive per pair of jar and JVM, in a cache directory: {@code POOL_CDS_DIR}, else
 * {@code $XDG_CACHE_HOME/rmipool}, else {@code ~/.cache/rmipool}; {@code POOL_CDS_DIR=off} turns it off.
 * Its name is a checksum of the jar (path, size, modification time) and the JVM (home, version), so a
 * rebuilt jar or another JVM gets an archive of its own and never maps one that does not fit. The
 * first worker of a run that finds none makes it at its exit ({@code -XX:ArchiveClassesAtExit}) under a
 * temporary name, and {@link #workersExited} moves it into place when that worker succeeded; a
 * concurrent run therefore never maps a half-written file. Only for a class path that is one jar: CDS
 * does not archive classes from directories (the unit tests' class path). Making a new archive removes
 * the others in the directory (a rebuilt jar's predecessors).
 *
 * <p>CDS's own messages (the archive could not be mapped, some class cannot be archived) are turned off
 * by the workers' logging flags ({@link WorkerFleet#WORKER_LOGGING}): at worst a worker starts as it
 * would without the archive.
 *
 * <p>Used by one thread (the command's).
 */
final class ClassDataArchive {
    private final Path archive;
    private final Path making;
    private boolean handedOut;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
        this.making = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /**
     * The archive for this process's jar and JVM; empty when the class path is not one jar, it is turned
     * off, or this JVM runs without its runtime's own CDS archive: a dynamic archive is a layer on top of
     * that one, and a JVM asked to make one without it does not start ("DynamicDumpSharedSpaces is
     * unsupported when base CDS archive is not loaded": a runtime made by {@code jlink} without
     * {@code --generate-cds-archive}, or {@code -Xshare:off}).
     */
    static Optional<ClassDataArchive> forThisProcess() {
        if (!System.getProperty("java.vm.info", "").contains("sharing")) {
            return Optional.empty();
        }
        return of(Path.of(System.getProperty("java.class.path")), System.getenv(), System.getProperty("user.home"));
    }

    static Optional<ClassDataArchive> of(Path classPath, Map<String, String> env, String userHome) {
        Optional<Path> dir = directory(env, userHome);
        if (dir.isEmpty() || !classPath.toString().endsWith(".jar") || !Files.isRegularFile(classPath)) {
            return Optional.empty();
        }
        try {
            Path jar = classPath.toAbsolutePath();
            String identity = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                    + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
            // a checksum, not a cryptographic digest: it only keeps archives apart (the JVM checks that an
            // archive fits before mapping it), and it costs the demo's parent no security-provider set-up
            CRC32C crc = new CRC32C();
            crc.update(identity.getBytes(StandardCharsets.UTF_8));
            String name = "pool-client-" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(identity.length())
                    + ".jsa";
            return Optional.of(new ClassDataArchive(dir.get().resolve(name)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> directory(Map<String, String> env, String userHome) {
        String set = env.get("POOL_CDS_DIR");
        if (set != null && !set.isBlank()) {
            return set.equals("off") ? Optional.empty() : Optional.of(Path.of(set));
        }
        String cache = env.get("XDG_CACHE_HOME");
        if (cache != null && !cache.isBlank()) {
            return Optional.of(Path.of(cache, "rmipool"));
        }
        return userHome == null || userHome.isBlank() || userHome.equals("?")
                ? Optional.empty() : Optional.of(Path.of(userHome, ".cache", "rmipool"));
    }

    Path path() {
        return archive;
    }

    /**
     * The CDS flags for the next worker: map the archive when there is one; else, for the first worker
     * only and when the directory can be written, make it; else none.
     */
    List<String> nextWorkerFlags() {
        if (Files.isReadable(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        if (!handedOut && writableDirectory()) {
            handedOut = true;
            return List.of("-XX:ArchiveClassesAtExit=" + making);
        }
        return List.of();
    }

    /** Whether the flags handed out so far make the archive. */
    boolean making() {
        return handedOut;
    }

    private boolean writableDirectory() {
        try {
            Files.createDirectories(archive.getParent());
            return Files.isWritable(archive.getParent());
        } catch (IOException e) {
            return false;
        }
    }

    /** Archives of other jars or JVMs: a rebuilt jar leaves its predecessor's behind, 10-20 MB each. */
    private void removeOthers() throws IOException {
        try (DirectoryStream<Path> others = Files.newDirectoryStream(archive.getParent(), "pool-client-*.jsa")) {
            for (Path other : others) {
                if (!other.equals(archive)) {
                    Files.deleteIfExists(other);
                }
            }
        }
    }

    /**
     * Called once every worker has exited: moves a finished archive into place when the worker that
     * made it succeeded, else removes what it left.
     */
    void workersExited(boolean madeBySuccessfulWorker) {
        if (!handedOut) {
            return;
        }
        try {
            if (madeBySuccessfulWorker && Files.size(making) > 0) {
                Files.move(making, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                removeOthers();
            } else {
                Files.deleteIfExists(making);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(making);
            } catch (IOException ignored) {
                // a leftover temporary file costs disk space only; the next run makes its own
            }
        }
    }
}
