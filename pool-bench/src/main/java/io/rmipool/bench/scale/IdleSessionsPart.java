package io.rmipool.bench.scale;

import io.rmipool.bench.scale.ChildJvms.ChildFailedException;
import io.rmipool.server.net.NetSettings;
import io.rmipool.server.rmi.SessionSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Part 3: what an idle logged-in session costs the server, in memory and threads.
 *
 * <p>The server's threads, RSS and open file descriptors ({@code /proc}) and its live heap (the total of
 * {@code jcmd GC.class_histogram}, which runs a full GC first) are measured with no session, then with
 * each level of idle sessions (100, 500, 1000 by default) opened by {@link SessionHolder} JVMs of
 * {@code perJvm} sessions each, every session with its own client id. Before the baseline one session
 * logs in and out, so one-time costs (classes, the secure random, caches) are not charged to the first
 * level.
 *
 * <p>Threads are measured three times per level, because RMI's threads belong to connections, not to
 * sessions: right after the logins (each new session's client has just made calls, so its connection
 * is still open, with a server thread reading it); once the clients have closed their idle connections
 * (the JDK closes a client connection unused for 15 s, {@code sun.rmi.transport.connectionTimeout}),
 * when the server has no TCP connection left; and once no RMI connection thread is left (the
 * JDK keeps an idle pooled RMI thread 60 s, {@code sun.rmi.transport.tcp.threadKeepAliveTime}). Both are
 * polled with a deadline; a level that does not settle in time is reported as it stands, and said so.
 *
 * <p>Per-session figures are deltas from the baseline divided by the number of sessions, and between
 * levels (the marginal cost). Optionally the idle sessions are then watched for a while, long enough to
 * see RMI's DGC lease renewals (see {@link #watchRenewals}). Fails only when sessions could not be opened
 * or logged out.
 */
final class IdleSessionsPart {
    static final String TITLE = "3. memory and threads per idle session";
    private static final String NAME = "sessions";
    private static final String CHECK = "idle sessions opened without an error";
    /** Client connections close 15 to 30 s after their last use (the reaper runs every 15 s). */
    private static final Duration CONNECTIONS_CLOSE_TIMEOUT = Duration.ofSeconds(45);
    /** RMI's pooled server threads end 60 s after their connection closed. */
    private static final Duration THREADS_END_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final BenchEnvironment env;
    private final List<Integer> levels;
    private final int perJvm;
    private final Duration watch;

    /** @param watch how long to watch the idle sessions after the last level; zero: not at all */
    IdleSessionsPart(BenchEnvironment env, List<Integer> levels, int perJvm, Duration watch) {
        this.env = env;
        this.levels = levels.stream().sorted().toList();
        this.perJvm = perJvm;
        this.watch = watch;
    }

    /** The server right after a level's logins, and settled: {@code /proc} and the live heap after a full GC. */
    private record Sample(ProcStatus rightAfter, ProcStatus proc, long liveHeapBytes) {
    }

    void run(Report report) throws InterruptedException {
        report.part(TITLE);
        int most = levels.get(levels.size() - 1);
        int connectionCap = Math.max(NetSettings.DEFAULT_MAX_CONNECTIONS, 2 * most);
        int maxSessions = Math.max(SessionSettings.DEFAULT_MAX_SESSIONS, most);
        List<String> flags = List.of("--max-sessions", Integer.toString(maxSessions),
                "--max-client-connections", Integer.toString(connectionCap),
                "--max-client-connections-per-address", Integer.toString(connectionCap),
                "--session-idle-timeout", "30m");
        report.note("each session logs in under its own client id (scale-idle-<jvm>-<i>), so "
                + "--max-sessions-per-client (" + SessionSettings.DEFAULT_MAX_SESSIONS_PER_CLIENT + ") is not reached; "
                + "--max-sessions " + maxSessions + " allows them all (no other session is open in this part); "
                + "--session-idle-timeout 30m keeps them open through the run; the connection caps are raised to "
                + connectionCap + " because each login leaves 3 connections open for 15-30 s, and here all of them "
                + "come from 127.0.0.1");
        ServerProcess server = null;
        try (ServerProcess started = env.startServer(NAME, flags);
             ChildJvms children = env.children(NAME, "session holder", "64m")) {
            server = started;
            report.server(started.commandLine());
            report.note("holder JVMs: " + String.join(" ", children.jvmOptions()) + "; " + perJvm
                    + " sessions (PoolClient.connect) per JVM, no lease, no call after the login");
            measure(report, started, children);
        } catch (IOException | ChildFailedException | TimeoutException e) {
            report.check(CHECK, false, ParentLink.describe(e));
            if (server != null) {
                report.note("the server process: " + server.state() + "; end of its log (" + server.log() + "):\n"
                        + server.logTail(15));
            }
        }
    }

    private void measure(Report report, ServerProcess server, ChildJvms children)
            throws IOException, ChildFailedException, TimeoutException, InterruptedException {
        warmUp(server);
        Sample base = settle(report, server, "0 sessions");
        int opened = 0;
        Sample previous = base;
        long firstLogins = 0;
        for (int level : levels) {
            ScaleBenchmark.progress("opening sessions up to " + level);
            long openStart = System.nanoTime();
            int firstNewJvm = children.size();
            int firstNewJvmSessions = Math.min(perJvm, level - opened);
            while (opened < level) {
                int count = Math.min(perJvm, level - opened);
                children.spawn(SessionHolder.class, List.of(Integer.toString(server.port()), Integer.toString(count),
                        "idle", "scale-idle-" + children.size(), "30"));
                opened += count;
            }
            int newJvms = children.size() - firstNewJvm;
            children.await("ready", newJvms, System.nanoTime() + OPEN_TIMEOUT.toNanos());
            if (firstLogins == 0) {
                firstLogins = System.nanoTime();
            }
            report.value(level + " sessions: opened by " + children.size() + " JVMs (" + newJvms + " new) in",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart), "ms");
            Sample now = settle(report, server, level + " sessions");
            perSession(report, level + " sessions, per session vs 0", base, now, level);
            if (previous != base) {
                perSession(report, level + " sessions, per session added since the level before", previous, now,
                        level - levelBefore(level));
            }
            ProcStatus holder = children.status(firstNewJvm);
            report.value(level + " sessions: one holder JVM with " + firstNewJvmSessions + " sessions: threads / RSS",
                    holder.threads() + " / " + holder.rssMiB(), "MiB");
            previous = now;
        }
        if (!watch.isZero()) {
            watchRenewals(report, server, firstLogins);
        }
        ScaleBenchmark.progress("logging the sessions out");
        long logout = System.nanoTime();
        children.sendAll("end");
        children.await("done", children.size(), System.nanoTime() + OPEN_TIMEOUT.toNanos());
        report.value("all " + opened + " sessions logged out in",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - logout), "ms");
        report.check(CHECK, true, opened + " sessions open at once in " + children.size() + " JVMs, all logged out");
        List<String> warnings = server.warnings();
        report.value("server WARN/ERROR log lines", warnings.size(), "");
        warnings.stream().limit(5).forEach(w -> report.note("server log: " + w));
    }

    /**
     * One session logs in and out, in a JVM of its own that then exits: a JVM that lived on would later
     * send RMI's DGC "clean" call for the ended session, on a connection the server refuses.
     */
    private void warmUp(ServerProcess server)
            throws IOException, ChildFailedException, TimeoutException, InterruptedException {
        try (ChildJvms warmUp = env.children(NAME, "warm-up session", "64m")) {
            warmUp.spawn(SessionHolder.class,
                    List.of(Integer.toString(server.port()), "1", "idle", "scale-warm-up", "30"));
            warmUp.await("ready", 1, System.nanoTime() + OPEN_TIMEOUT.toNanos());
            warmUp.sendAll("end");
            warmUp.await("done", 1, System.nanoTime() + OPEN_TIMEOUT.toNanos());
        }
    }

    /**
     * Idle sessions are not silent: RMI's DGC in each client renews its references to the session and the
     * gateway at half the lease the server grants ({@code java.rmi.dgc.leaseValue}, 10 min by default),
     * each renewal on a new connection once the old one idled out. Samples the server every second for
     * the watch period and reports the peaks; the first renewals come 5 min after the first level's
     * logins.
     */
    private void watchRenewals(Report report, ServerProcess server, long firstLogins) throws InterruptedException {
        ScaleBenchmark.progress("watching the idle sessions for " + watch.toSeconds() + " s (DGC lease renewals)");
        long end = System.nanoTime() + watch.toNanos();
        ProcStatus most = server.status();
        long mostAt = System.nanoTime();
        int mostConnections = most.connections();
        while (System.nanoTime() - end < 0) {
            Thread.sleep(WATCH_INTERVAL.toMillis());
            ProcStatus now = server.status();
            mostConnections = Math.max(mostConnections, now.connections());
            if (now.rmiThreads() > most.rmiThreads()) {
                most = now;
                mostAt = System.nanoTime();
            }
        }
        long from = TimeUnit.NANOSECONDS.toSeconds(end - watch.toNanos() - firstLogins);
        report.value("idle watch " + from + "-" + (from + watch.toSeconds()) + " s after the first logins: peak of RMI "
                + "connection threads, at " + TimeUnit.NANOSECONDS.toSeconds(mostAt - firstLogins) + " s",
                most.summary(), "");
        report.value("idle watch: peak of TCP connections", mostConnections, "");
    }

    private int levelBefore(int level) {
        int index = levels.indexOf(level);
        return index == 0 ? 0 : levels.get(index - 1);
    }

    /**
     * Samples the server right away; once it has no TCP connection left (the clients closed their idle
     * connections); and once no RMI connection thread is left (RMI's pool ended its idle threads); then
     * measures the live heap.
     */
    private Sample settle(Report report, ServerProcess server, String label)
            throws InterruptedException {
        ProcStatus right = server.status();
        report.value(label + ", right after", right.summary(), "");
        ScaleBenchmark.progress(label + ": waiting for idle connections to close and RMI threads to end (up to "
                + CONNECTIONS_CLOSE_TIMEOUT.plus(THREADS_END_TIMEOUT).toSeconds() + " s)");
        Poll.Result<ProcStatus> closed = Poll.until(server::status, s -> s.connections() == 0,
                CONNECTIONS_CLOSE_TIMEOUT, POLL_INTERVAL);
        report.value(label + ", idle connections closed" + settledIn(closed), closed.value().summary(), "");
        Poll.Result<ProcStatus> quiet = Poll.until(server::status, s -> s.rmiThreads() == 0, THREADS_END_TIMEOUT,
                POLL_INTERVAL);
        report.value(label + ", idle RMI threads ended" + settledIn(quiet), quiet.value().summary(), "");
        long heap = server.liveHeapBytes();
        ProcStatus afterGc = server.status();
        report.value(label + ", after a full GC: live heap / RSS", ServerProcess.mib(heap) + " / " + afterGc.rssMiB(),
                "MiB");
        return new Sample(right, afterGc, heap);
    }

    private static String settledIn(Poll.Result<ProcStatus> result) {
        return result.reached() ? " (after " + String.format("%.1f", result.millis() / 1000.0) + " s)"
                : " (NOT within " + String.format("%.0f", result.millis() / 1000.0) + " s)";
    }

    private static void perSession(Report report, String label, Sample from, Sample to, int sessions) {
        String heap = from.liveHeapBytes() < 0 || to.liveHeapBytes() < 0 ? "n/a"
                : String.format("%.1f", (to.liveHeapBytes() - from.liveHeapBytes()) / 1024.0 / sessions);
        report.value(label + ": live heap / RSS / threads settled / threads right after", heap + " KiB / "
                + String.format("%.1f", (to.proc().rssKiB() - from.proc().rssKiB()) / (double) sessions) + " KiB / "
                + String.format("%.3f", (to.proc().threads() - from.proc().threads()) / (double) sessions) + " / "
                + String.format("%.3f", (to.rightAfter().threads() - from.proc().threads()) / (double) sessions), "");
    }
}
