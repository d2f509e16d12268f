package io.rmipool.server.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus scrape endpoint ({@code --metrics-port}): the Prometheus Java client's own HTTP server
 * (the JDK's {@code HttpServer} underneath) serving the registry in the Prometheus text format at
 * {@code /metrics}, on an address and port of its own, apart from the pool's RMI port.
 *
 * <p>It serves counts only: no secret, no SQL, no client identity. Requests are answered by two daemon
 * threads of its own, so a flood of scrapes queues there and never takes threads from the pool. The JDK
 * server reads a request's headers on those threads, so a client that sends them slowly would hold one:
 * a request must arrive within {@value #MAX_REQUEST_SECONDS} s and its answer leave within as long, or
 * the connection is closed. A request may bring at most {@value #MAX_REQUEST_HEADERS} header lines and
 * {@value #MAX_REQUEST_HEADER_BYTES} bytes of them, and at most {@value #MAX_CONNECTIONS} connections are
 * open at once (more are closed as they come). These are the JDK server's {@code sun.net.httpserver.*}
 * settings, read once per JVM: set here unless an operator set them. Malformed requests are the JDK
 * server's to refuse; it also closes idle connections.
 *
 * <p>Thread-safe: started once, closed once.
 */
public final class MetricsEndpoint implements AutoCloseable {
    static final int MAX_REQUEST_SECONDS = 10;
    /** A scraper sends a handful of headers; these bound what a request may make the server hold. */
    static final int MAX_REQUEST_HEADERS = 64;
    static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    /** Connections open at once; more are closed as they come. */
    static final int MAX_CONNECTIONS = 64;

    private final HTTPServer server;
    private final ExecutorService threads;

    private MetricsEndpoint(HTTPServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Starts serving {@code registry} on {@code bind}:{@code port} ({@code 0}: any free port).
     *
     * @throws IOException when the address cannot be listened on (e.g. the port is in use)
     */
    public static MetricsEndpoint start(InetAddress bind, int port, PrometheusMeterRegistry registry) throws IOException {
        // read once, when the JDK's HTTP server is first used: set before building it
        setUnlessSet("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        setUnlessSet("sun.net.httpserver.maxRspTime", Integer.toString(MAX_REQUEST_SECONDS));
        setUnlessSet("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_REQUEST_HEADERS));
        setUnlessSet("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_REQUEST_HEADER_BYTES));
        setUnlessSet("sun.net.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        ThreadPoolExecutor threads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "metrics-http");
                    t.setDaemon(true);
                    return t;
                });
        try {
            HTTPServer server = HTTPServer.builder().inetAddress(bind).port(port)
                    .registry(registry.getPrometheusRegistry()).executorService(threads).buildAndStart();
            return new MetricsEndpoint(server, threads);
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            throw e;
        }
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
        threads.shutdownNow();
    }
}
