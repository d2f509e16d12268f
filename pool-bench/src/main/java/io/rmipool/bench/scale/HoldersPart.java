package io.rmipool.bench.scale;

import io.rmipool.api.PoolException;
import io.rmipool.api.PoolStats;
import io.rmipool.bench.scale.ChildJvms.ChildFailedException;
import io.rmipool.client.PoolClient;
import io.rmipool.client.ServerUnreachableException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Part 2: {@code holders} client processes logged in and holding a lease at the same moment.
 *
 * <p>The server has {@code --max-connections holders}, its other limits at their defaults. Each client
 * is its own JVM ({@link SessionHolder} with one session and one lease, {@code -Xmx32m} and fast
 * start-up flags), started {@code batch} at a time: the next batch starts once the previous one holds
 * its leases, so two cores are not asked to start 100 JVMs at once. When all hold, the server's stats
 * must say {@code leased == holders}; the server's threads, RSS and fds and the clients' memory are
 * reported. Then every client releases and logs out on {@code end}.
 *
 * <p>Passes when every client logged in and leased without an error, the server counted all the leases
 * at once, every client exited 0, and afterwards nothing is leased and nothing was refused or timed out.
 */
final class HoldersPart {
    static final String TITLE = "2. client processes holding a session and a lease at once";
    private static final String NAME = "holders";
    private static final String CHECK = "client processes held at once without an error";
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration END_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final BenchEnvironment env;
    private final int holders;
    private final int batch;

    HoldersPart(BenchEnvironment env, int holders, int batch) {
        this.env = env;
        this.holders = holders;
        this.batch = batch;
    }

    void run(Report report) throws InterruptedException {
        report.part(TITLE);
        List<String> flags = List.of("--max-connections", Integer.toString(holders));
        ServerProcess server = null;
        try (ServerProcess started = env.startServer(NAME, flags);
             PoolClient monitor = env.connect(started.port(), "scale-monitor");
             ChildJvms children = env.children(NAME, "holder", "32m")) {
            server = started;
            report.server(started.commandLine());
            report.note("client JVMs: " + String.join(" ", children.jvmOptions()) + ", started " + batch
                    + " at a time; each logs in once (its own client id) and leases one connection");
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
        PoolStats start = monitor.stats();
        ProcStatus before = server.status();
        long spawned = System.nanoTime();
        long slowestBatch = 0;
        while (children.size() < holders) {
            long batchStart = System.nanoTime();
            int count = Math.min(batch, holders - children.size());
            for (int i = 0; i < count; i++) {
                children.spawn(SessionHolder.class, List.of(Integer.toString(server.port()), "1", "lease",
                        "scale-holder-" + children.size(), Long.toString(LEASE_TIMEOUT.toSeconds())));
            }
            children.await("ready", count, System.nanoTime() + BATCH_TIMEOUT.toNanos());
            ScaleBenchmark.progress(children.size() + " of " + holders + " holders hold a lease");
            slowestBatch = Math.max(slowestBatch, millisSince(batchStart));
        }
        long allHolding = millisSince(spawned);
        PoolStats holding = monitor.stats();
        ProcStatus peak = server.status();
        ProcStatus client = children.status(0);

        report.value("time until all " + holders + " JVMs held a lease", allHolding, "ms");
        report.value("slowest batch of " + batch, slowestBatch, "ms");
        report.value("server stats while held: leased / waiting / max", holding.leased() + " / " + holding.waiting()
                + " / " + holding.max(), "");
        report.value("server before", before.summary(), "");
        report.value("server while held", peak.summary(), "");
        report.value("client JVMs' RSS, all " + holders, String.format("%.1f", children.totalRssKiB() / 1024.0), "MiB");
        report.value("one client JVM: threads / RSS", client.threads() + " / " + client.rssMiB(), "MiB");

        children.sendAll("end");
        children.await("done", holders, System.nanoTime() + END_TIMEOUT.toNanos());
        int badExits = children.awaitExit(System.nanoTime() + EXIT_TIMEOUT.toNanos());
        Poll.Result<PoolStats> settled = Poll.until(() -> BenchEnvironment.stats(monitor), s -> s.leased() == 0,
                SETTLE_TIMEOUT, POLL_INTERVAL);
        PoolStats end = settled.value();
        long timeouts = end.timeouts() - start.timeouts();
        long refused = end.refused() - start.refused();
        report.value("server stats after: leased / granted / timeouts / refused", end.leased() + " / "
                + (end.granted() - start.granted()) + " / " + timeouts + " / " + refused, "");
        List<String> warnings = server.warnings();
        report.value("server WARN/ERROR log lines", warnings.size(), "");
        warnings.stream().limit(5).forEach(w -> report.note("server log: " + w));

        boolean passed = holding.leased() == holders && badExits == 0 && settled.reached() && timeouts == 0
                && refused == 0;
        report.check(CHECK, passed, holders + " JVMs logged in and leased; the server counted " + holding.leased()
                + " leased at once; client JVMs that failed " + badExits + "; timeouts " + timeouts + ", refused " + refused
                + ", leased after they ended " + end.leased());
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
