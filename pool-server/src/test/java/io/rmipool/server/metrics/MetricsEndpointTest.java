package io.rmipool.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics port as an attacker sees it: whatever it is sent (garbage, a huge header, a request that
 * never ends, a flood of connections), it answers the next honest scrape.
 */
class MetricsEndpointTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsEndpoint endpoint;
    private Counter scrapes;

    @BeforeEach
    void start() throws IOException {
        scrapes = Counter.builder("test.canary").register(registry);
        endpoint = MetricsEndpoint.start(InetAddress.getLoopbackAddress(), 0, registry);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    /** An honest scrape: 200, the text format, and the canary counter's current value. */
    private void assertStillServing() throws Exception {
        scrapes.increment();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).contains("test_canary_total " + scrapes.count());
    }

    /** Sends raw bytes, then reads what comes back until the server closes or 5 s pass. */
    private String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                return "closed while sending: " + e.getMessage(); // refused mid-request: fine
            }
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "closed: " + e.getMessage();
        }
    }

    @Test
    void servesTheRegistryInThePrometheusTextFormat() throws Exception {
        assertStillServing();
        assertStillServing();
    }

    @Test
    void garbageAndMalformedRequestsAreRefusedAndTheNextScrapeIsServed() throws Exception {
        String answer = raw("\u0000\u0001\u0002 not http at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer).doesNotContain("test_canary");
        answer = raw("GET /metrics HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer).doesNotContain("test_canary");
        answer = raw("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer).doesNotContain("root:");
        assertStillServing();
    }

    @Test
    void anOversizedHeaderIsRefusedAndTheNextScrapeIsServed() throws Exception {
        StringBuilder request = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 5_000; i++) {
            request.append("X-Flood-").append(i).append(": ").append("y".repeat(200)).append("\r\n");
        }
        request.append("\r\n");
        String answer = raw(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer).doesNotContain("test_canary");
        assertStillServing();
    }

    @Test
    void aRequestThatNeverEndsHoldsOneThreadAndTheNextScrapeIsServed() throws Exception {
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            assertStillServing();
        }
        assertStillServing();
    }

    /** Connections beyond the cap are closed as they come; once the flood is gone, scrapes are served. */
    @Test
    void aFloodOfConnectionsDoesNotStopIt() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * MetricsEndpoint.MAX_CONNECTIONS; i++) {
                flood.add(new Socket(InetAddress.getLoopbackAddress(), endpoint.port()));
            }
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
        assertStillServing();
    }
}
