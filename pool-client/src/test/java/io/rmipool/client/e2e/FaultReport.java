package io.rmipool.client.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fault suite's counts, one row per scenario, written as a Markdown table when the suite ends
 * ({@code pool-client/target/fault-suite.md}); {@code docs/reliability.md} quotes them. Thread-safe.
 */
final class FaultReport {
    /**
     * One scenario's totals over its runs.
     *
     * @param held leases (or stress cycles) granted
     * @param failedClearly calls that failed with a named reason and a documented exit code or exception
     * @param lost leases taken back by the server (and, where the client lived to see it, reported lost)
     * @param duplicates pairs of overlapping holds of one connection
     * @param timings what was timed, as medians and ranges
     */
    record Row(String scenario, int runs, long held, long failedClearly, long lost, long duplicates, String timings) {
    }

    private final List<Row> rows = new CopyOnWriteArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "| scenario | runs | held | failed clearly | lost | duplicates | timings |",
                "|---|---:|---:|---:|---:|---:|---|"));
        for (Row r : rows) {
            lines.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %s |",
                    r.scenario(), r.runs(), r.held(), r.failedClearly(), r.lost(), r.duplicates(), r.timings()));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
    }

    /** "median 1.62 s (1.31–2.02 s)" of durations in milliseconds. */
    static String seconds(List<Long> millis) {
        if (millis.isEmpty()) {
            return "none";
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        return String.format(Locale.ROOT, "median %.2f s (%.2f–%.2f s)",
                median / 1000.0, sorted.get(0) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }
}
