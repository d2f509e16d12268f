package io.rmipool.bench.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.server.ServerMetrics;

/**
 * A real, single ZooKeeper server for the fleet benchmark ({@code benchmarks/fleet-cost.sh}), with no
 * container: Curator's {@link TestingServer} (ZooKeeper's own server classes, in this JVM, data in a
 * temporary directory deleted on stop), on loopback.
 *
 * <pre>java -cp pool-bench/target/pool-bench.jar io.rmipool.bench.fleet.ZooKeeperForBench [--port PORT]</pre>
 *
 * <p>Without {@code --port} (or with 0) it takes a free port. Once it serves, it prints
 * {@code zookeeper ready: 127.0.0.1:PORT} (the connect string) on stdout. It then reads commands from
 * stdin, one per line, and answers each with one line on stdout:
 * <ul>
 *   <li>{@code counts}: {@code counts: requests=N reads=R writes=W node_reads=A node_writes=B}, the
 *       totals since start of ZooKeeper's own counters: every request packet its clients sent, session
 *       pings and the session's own start and end included ({@code packets_received}); of those, the
 *       ones it treated as reads (pings are among them) and as writes (a session's start and end are
 *       among them); and the reads and writes of znodes (getData, exists, getChildren; create, delete,
 *       setData), counted by ZooKeeper per top path, here summed over all paths. The node writes also
 *       count ZooKeeper's own removal of empty container nodes (a pass a minute), which no client
 *       asked for.</li>
 * </ul>
 * It stops when stdin closes, on SIGTERM or SIGINT. A bad argument: one line on stderr, exit code 2;
 * a server that cannot start: one line, exit code 1.
 */
public final class ZooKeeperForBench {
    private static final Logger LOG = LogManager.getLogger(ZooKeeperForBench.class);
    private static final String USAGE = "usage: ZooKeeperForBench [--port PORT]";

    private ZooKeeperForBench() {
    }

    public static void main(String[] args) {
        int port;
        try {
            port = port(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ZooKeeperForBench: " + e.getMessage() + "; " + USAGE);
            System.exit(2);
            return;
        }
        if (port != 0) {
            // ZooKeeper's embedded server ends the JVM, with a stack trace, on a port in use: say it in one line first
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                LOG.error("ZooKeeper cannot listen on 127.0.0.1:{}: {}", port, e.getMessage());
                System.exit(1);
                return;
            }
        }
        TestingServer server;
        try {
            // ZooKeeper's own server (not a quorum peer), on loopback, its data deleted on close
            server = new TestingServer(new InstanceSpec(null, port, -1, -1, true, -1, -1, -1, null, "127.0.0.1"), true);
        } catch (Exception e) {
            LOG.error("ZooKeeper did not start on port {}: {}", port, String.valueOf(e));
            System.exit(1);
            return;
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    server.close();
                } catch (IOException e) {
                    LOG.warn("ZooKeeper did not stop cleanly: {}", e.getMessage());
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "zookeeper-stop"));
        System.out.println("zookeeper ready: " + server.getConnectString());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.strip();
                if (command.equals("counts")) {
                    System.out.println(counts());
                } else if (!command.isEmpty()) {
                    System.out.println("error: unknown command \"" + command + "\" (known: counts)");
                }
                System.out.flush();
            }
        } catch (IOException e) {
            LOG.warn("stdin failed: {}", e.getMessage());
        }
        stop.run();
    }

    /** The port from {@code --port PORT}: 0 (any free port) when not given. */
    static int port(String[] args) {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value;
            if (arg.equals("--port")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--port needs a value");
                }
                value = args[++i];
            } else if (arg.startsWith("--port=")) {
                value = arg.substring("--port=".length());
            } else {
                throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
            }
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port: not a number: \"" + value + "\"");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port: not a port: " + port);
            }
        }
        return port;
    }

    /**
     * ZooKeeper's counters since start, from its metrics provider (the values {@code mntr} shows as
     * {@code zk_packets_received}, {@code zk_cnt_readlatency}, {@code zk_cnt_updatelatency} and
     * {@code zk_cnt_<path>_read_per_namespace} / {@code _write_per_namespace}).
     */
    private static String counts() {
        Map<String, Object> values = new HashMap<>();
        ServerMetrics.getMetrics().getMetricsProvider().dump(values::put);
        long nodeReads = 0;
        long nodeWrites = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getKey().startsWith("cnt_") && e.getKey().endsWith("_read_per_namespace")) {
                nodeReads += number(e.getValue());
            } else if (e.getKey().startsWith("cnt_") && e.getKey().endsWith("_write_per_namespace")) {
                nodeWrites += number(e.getValue());
            }
        }
        return "counts: requests=" + number(values.get("packets_received"))
                + " reads=" + number(values.get("cnt_readlatency"))
                + " writes=" + number(values.get("cnt_updatelatency"))
                + " node_reads=" + nodeReads + " node_writes=" + nodeWrites;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
