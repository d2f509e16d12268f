package io.rmipool.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What Linux says about one process right now: its thread count and resident memory
 * ({@code /proc/<pid>/status}: {@code Threads}, {@code VmRSS}), how many of its threads are RMI's
 * connection threads (the names in {@code /proc/<pid>/task/<tid>/comm}: the JVM gives each thread its
 * Java name, cut to 15 characters), its open file descriptors ({@code /proc/<pid>/fd}), and how many of
 * those are TCP connections (its socket inodes found in {@code /proc/<pid>/net/tcp} and {@code tcp6} in
 * any state but LISTEN).
 *
 * @param threads every thread of the process, the JVM's own included
 * @param rmiThreads RMI's connection threads ({@code RMI TCP Connection(...)}), busy with a connection or
 *     idle in RMI's thread pool
 * @param rssKiB resident set size in KiB
 * @param fds open file descriptors
 * @param connections TCP connections open (not listening sockets)
 */
record ProcStatus(int threads, int rmiThreads, long rssKiB, int fds, int connections) {
    private static final String TCP_LISTEN = "0A";
    /** The first 15 characters of every RMI connection thread's name, idle or busy. */
    private static final String RMI_CONNECTION_THREAD = "RMI TCP Connect";

    /**
     * Reads the process's status.
     *
     * @throws UncheckedIOException when the process is gone or {@code /proc} is not there (not Linux)
     */
    static ProcStatus of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            int threads = -1;
            long rss = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(field(line));
                } else if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(field(line).replace(" kB", "").trim());
                }
            }
            int fds = 0;
            Set<String> socketInodes = new HashSet<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc.resolve("fd"))) {
                for (Path fd : entries) {
                    fds++;
                    String target = linkTarget(fd);
                    if (target.startsWith("socket:[")) {
                        socketInodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                }
            }
            int connections = tcpConnections(proc.resolve("net/tcp"), socketInodes)
                    + tcpConnections(proc.resolve("net/tcp6"), socketInodes);
            int rmiThreads = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    if (threadName(task).startsWith(RMI_CONNECTION_THREAD)) {
                        rmiThreads++;
                    }
                }
            }
            if (threads < 0 || rss < 0) {
                throw new IOException("no Threads or VmRSS in " + proc.resolve("status"));
            }
            return new ProcStatus(threads, rmiThreads, rss, fds, connections);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc of process " + pid, e);
        }
    }

    /** What a file descriptor points to, e.g. {@code socket:[12345]}; empty when it was closed meanwhile. */
    private static String linkTarget(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** The rows of a {@code /proc/net/tcp} table that are {@code inodes} and not listening. */
    private static int tcpConnections(Path table, Set<String> inodes) throws IOException {
        if (!Files.exists(table)) {
            return 0;
        }
        int count = 0;
        List<String> rows = Files.readAllLines(table);
        for (String row : rows.subList(1, rows.size())) {
            String[] columns = row.trim().split("\\s+");
            if (columns.length > 9 && !columns[3].equals(TCP_LISTEN) && inodes.contains(columns[9])) {
                count++;
            }
        }
        return count;
    }

    /** A thread's name; empty when it ended meanwhile. */
    private static String threadName(Path task) {
        try {
            return Files.readString(task.resolve("comm"));
        } catch (IOException e) {
            return "";
        }
    }

    private static String field(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    /** For the report: {@code T threads (R RMI connection), X MiB RSS, C TCP connections}. */
    String summary() {
        return threads + " threads (" + rmiThreads + " RMI connection), " + rssMiB() + " MiB RSS, " + connections
                + " TCP connections";
    }

    /** RSS in MiB, one decimal. */
    String rssMiB() {
        return String.format("%.1f", rssKiB / 1024.0);
    }
}
