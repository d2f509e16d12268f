package io.rmipool.client.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines that {@code demo} and {@code stress} exchange with the worker processes they spawn, over
 * the workers' stdin (parent to worker) and stdout (worker to parent). A worker's stderr is not part
 * of the protocol; it goes straight to the parent's stderr.
 *
 * <pre>
 * worker                                 parent
 *   connects and logs in
 *   "@ready"                      ──▶    waits until every worker is ready
 *                                 ◀──    "go"              (to all workers at once)
 * demo:
 *   lease(0)
 *   "leased connection(id=N)"
 *   or "failed to lease connection" ──▶  prints the line; waits until every worker has reported
 *   with --sql, a leased worker runs the statement:
 *   "  connection(id=N): ..."       ──▶  prints the line: a result row, the update count or a SQL error
 *   "@executed"                     ──▶  waits for this from every leased worker too
 *                                 ◀──    "release"         (to all workers)
 *   holds, releases, exits 0
 * stress:
 *   K lease+release cycles
 *   "@progress N"                   ──▶  only when the parent shows progress (the worker's "progress"
 *                                        setting): the cycles done so far, at most every 100 ms
 *                                        between two cycles, and K after the last one
 *   "@cycle ID FROM TO NANOS"       ──▶  one per leased cycle: held from/to in wall-clock
 *                                        microseconds, lease+release latency in nanoseconds
 *   "@done START END FAILED"        ──▶  the worker's loop start/end (wall-clock microseconds)
 *                                        and its failed lease count; then it exits 0
 * </pre>
 *
 * A worker whose stdin closes before the line it waits for (the parent died) releases and exits 1.
 */
final class WorkerProtocol {
    static final String READY = "@ready";
    static final String GO = "go";
    static final String RELEASE = "release";
    static final String FAILED = "failed to lease connection";
    static final String PROGRESS = "@progress";
    static final String CYCLE = "@cycle";
    static final String DONE = "@done";
    static final String EXECUTED = "@executed";

    private static final Pattern LEASED = Pattern.compile("leased connection\\(id=(\\d+)\\)");
    private static final Pattern SQL_OUTPUT = Pattern.compile("  connection\\(id=\\d+\\): .*");

    private WorkerProtocol() {
    }

    /** The line the seed prints for a granted lease, {@code leased connection(id=N)}. */
    static String leased(int connectionId) {
        return "leased connection(id=" + connectionId + ")";
    }

    /** The connection id of a {@link #leased} line, or -1 when {@code line} is not one. */
    static int leasedId(String line) {
        Matcher m = LEASED.matcher(line);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** One line of a demo worker's SQL output, {@code   connection(id=N): text}; {@code text} is one line. */
    static String sqlOutput(int connectionId, String text) {
        return "  connection(id=" + connectionId + "): " + text;
    }

    static boolean isSqlOutput(String line) {
        return SQL_OUTPUT.matcher(line).matches();
    }

    /**
     * Blocks a worker until the parent sends {@code expected} on its stdin.
     *
     * @throws IOException when stdin ends first (the parent died) or carries another line
     */
    static void await(BufferedReader parent, String expected) throws IOException {
        String line = parent.readLine();
        if (line == null) {
            throw new IOException("the parent process went away before sending '" + expected + "'");
        }
        if (!line.equals(expected)) {
            throw new IOException("expected '" + expected + "' from the parent process, got '" + line + "'");
        }
    }

    /** Now, in microseconds since the epoch: the one clock all workers on a machine share. */
    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
