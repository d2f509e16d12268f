package io.rmipool.bench.scale;

import io.rmipool.api.PoolException;
import io.rmipool.api.PoolStats;
import io.rmipool.bench.scale.ChildJvms.ChildFailedException;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import io.rmipool.client.ServerUnreachableException;
import io.rmipool.server.net.NetSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Part 1: {@code callers} callers blocked in {@code lease} at once, then all served.
 *
 * <p>The server has 10 connections and {@code --max-waiters callers}. The benchmark's own client leases
 * all 10 and holds them; then {@code jvms} {@link LeaseCallers} JVMs log in and start their threads
 * ({@code callers} in all), and on {@code go} every thread calls {@code lease(4 min)}. The server's stats
 * are polled until {@code waiting == callers}: that time is reported, with the server's threads, RSS,
 * open file descriptors and live heap at that moment. Then the 10 held connections are released, and
 * each caller releases its connection as soon as it gets it, so the waiters are served 10 at a time;
 * the time until the last caller reported is the drain time.
 *
 * <p>Passes when the server counted {@code callers} waiting, every caller got a lease, no call failed,
 * every caller JVM exited 0, and the server's stats agree: {@code callers} more grants, no timeouts, no
 * refusals, nothing leased or waiting at the end.
 */
final class WaitersPart {
    static final String TITLE = "1. callers blocked in lease at once";
    private static final String NAME = "waiters";
    private static final String CHECK = "callers blocked in lease without an error";
    private static final int POOL_CONNECTIONS = 10;
    private static final Duration LEASE_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration WAITING_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration DONE_MARGIN = Duration.ofMinutes(2);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final BenchEnvironment env;
    private final int callers;
    private final int jvms;

    WaitersPart(BenchEnvironment env, int callers, int jvms) {
        this.env = env;
        this.callers = callers;
        this.jvms = jvms;
    }

    void run(Report report) throws InterruptedException {
        report.part(TITLE);
        // each blocked lease holds one TCP connection, all from 127.0.0.1; plus logins, renewals, stats
        int connectionCap = Math.max(NetSettings.DEFAULT_MAX_CONNECTIONS, 2 * callers);
        List<String> flags = List.of("--max-connections", Integer.toString(POOL_CONNECTIONS),
                "--max-waiters", Integer.toString(callers),
                "--max-client-connections", Integer.toString(connectionCap),
                "--max-client-connections-per-address", Integer.toString(connectionCap));
        report.note("every blocked lease holds one TCP connection and one server thread, and here every caller "
                + "connects from 127.0.0.1: --max-client-connections-per-address (default "
                + NetSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + ") and --max-client-connections (default "
                + NetSettings.DEFAULT_MAX_CONNECTIONS + ") are raised to " + connectionCap
                + "; in production callers come from many hosts");
        ServerProcess server = null;
        try (ServerProcess started = env.startServer(NAME, flags);
             PoolClient monitor = env.connect(started.port(), "scale-monitor");
             ChildJvms children = env.children(NAME, "lease caller", "64m")) {
            server = started;
            report.server(started.commandLine());
            report.note("caller JVMs: " + String.join(" ", children.jvmOptions()) + "; one PoolClient (one session) "
                    + "per JVM, " + callers / jvms + " threads each, lease timeout " + LEASE_TIMEOUT.toSeconds()
                    + " s");
            measure(report, started, monitor, children);
        } catch (IOException | PoolException | ServerUnreachableException | ChildFailedException | TimeoutException e) {
            report.check(CHECK, false, ParentLink.describe(e));
            if (server != null) {
                report.note("the server process: " + server.state() + "; end of its log (" + server.log() + "):\n"
                        + server.logTail(15));
            }
        }
    }

    private void measure(Report report, ServerProcess server, PoolClient monitor, ChildJvms children)
            throws IOException, PoolException, ServerUnreachableException, ChildFailedException, TimeoutException,
            InterruptedException {
        List<LeasedConnection> held = new ArrayList<>();
        for (int i = 0; i < POOL_CONNECTIONS; i++) {
            held.add(monitor.lease(Duration.ofSeconds(5)));
        }
        PoolStats start = monitor.stats();

        ScaleBenchmark.progress("starting " + jvms + " caller JVMs");
        long spawned = System.nanoTime();
        for (int j = 0; j < jvms; j++) {
            int threads = callers / jvms + (j < callers % jvms ? 1 : 0);
            children.spawn(LeaseCallers.class, List.of(Integer.toString(server.port()), Integer.toString(threads),
                    Long.toString(LEASE_TIMEOUT.toSeconds()), "scale-caller-" + j));
        }
        children.await("ready", jvms, deadline(READY_TIMEOUT));
        report.value(jvms + " caller JVMs started and logged in", millisSince(spawned), "ms");
        ProcStatus before = server.status();
        report.value("server before go", before.summary(), "");

        ScaleBenchmark.progress("go: " + callers + " callers call lease");
        children.sendAll("go");
        Poll.Result<Progress> waiting = Poll.until(() -> new Progress(BenchEnvironment.stats(monitor), children.poll()),
                p -> p.stats().waiting() >= callers || p.stats().refused() > start.refused() || p.early() != null,
                WAITING_TIMEOUT, POLL_INTERVAL);
        ChildJvms.Line early = waiting.value().early();
        if (early != null) {
            throw new ChildFailedException("lease caller " + early.child() + " finished before " + callers
                    + " were waiting: " + (early.isEnd() ? "it exited" : early.text()));
        }
        int waitingCount = waiting.value().stats().waiting();
        boolean allWaited = waitingCount == callers;
        report.value("waiting reached", waitingCount + " of " + callers, "");
        if (allWaited) {
            ProcStatus peak = server.status();
            report.value("time from go to " + callers + " waiting", waiting.millis(), "ms");
            report.value("server with " + callers + " waiting", peak.summary(), "");
            report.value("server threads per waiter", String.format("%.2f",
                    (peak.threads() - before.threads()) / (double) callers), "");
            report.value("server RSS per waiter", String.format("%.1f",
                    (peak.rssKiB() - before.rssKiB()) / (double) callers), "KiB");
            report.value("caller JVMs' RSS, all " + jvms, String.format("%.1f", children.totalRssKiB() / 1024.0),
                    "MiB");
            long heap = server.liveHeapBytes();
            report.value("server live heap after full GC with " + callers + " waiting", ServerProcess.mib(heap), "MiB");
        }

        ScaleBenchmark.progress("releasing the " + POOL_CONNECTIONS + " held connections");
        long released = System.nanoTime();
        for (LeasedConnection c : held) {
            c.close();
        }
        List<ChildJvms.Line> done = children.await("done", jvms, deadline(LEASE_TIMEOUT.plus(DONE_MARGIN)));
        long drainMillis = millisSince(released);
        int badExits = children.awaitExit(deadline(EXIT_TIMEOUT));
        long ok = done.stream().mapToLong(l -> l.number("ok")).sum();
        long errors = done.stream().mapToLong(l -> l.number("errors")).sum();
        long maxWait = done.stream().mapToLong(l -> l.number("maxWaitMs")).max().orElse(-1);
        String firstError = done.stream().map(ChildJvms.Line::text).filter(t -> t.contains(" first: "))
                .map(t -> t.substring(t.indexOf(" first: ") + 8)).findFirst().orElse(null);
        Poll.Result<PoolStats> settled = Poll.until(() -> BenchEnvironment.stats(monitor),
                s -> s.leased() == 0 && s.waiting() == 0, SETTLE_TIMEOUT, POLL_INTERVAL);
        PoolStats end = settled.value();
        long granted = end.granted() - start.granted();
        long timeouts = end.timeouts() - start.timeouts();
        long refused = end.refused() - start.refused();

        report.value("time from release to the last caller served", drainMillis, "ms");
        report.value("drain per lease (release to last / callers)",
                String.format("%.2f", drainMillis / (double) callers), "ms");
        report.value("longest a caller waited (go to lease)", maxWait, "ms");
        report.value("callers served / errors", ok + " / " + errors, "");
        report.value("server stats after: granted / timeouts / refused (this phase)",
                granted + " / " + timeouts + " / " + refused, "");
        List<String> warnings = server.warnings();
        report.value("server WARN/ERROR log lines", warnings.size(), "");
        warnings.stream().limit(5).forEach(w -> report.note("server log: " + w));

        boolean passed = allWaited && ok == callers && errors == 0 && badExits == 0 && granted == callers
                && timeouts == 0 && refused == 0 && settled.reached();
        report.check(CHECK, passed, callers + " waiting at once: " + (allWaited ? "yes" : "no, " + waitingCount)
                + ", served " + ok + ", errors " + errors + ", caller JVMs that failed " + badExits
                + ", server granted " + granted + " timeouts " + timeouts + " refused " + refused
                + (firstError == null ? "" : "; first error: " + firstError));
    }

    /** What the benchmark sees while the callers line up: the server's stats, and a caller's line, if any. */
    private record Progress(PoolStats stats, ChildJvms.Line early) {
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

}
