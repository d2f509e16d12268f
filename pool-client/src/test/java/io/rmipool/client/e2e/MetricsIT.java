package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.tools.attach.VirtualMachine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint of a real server process, scraped while real client processes lease. */
class MetricsIT {
    private static final Pattern METRICS_URL = Pattern.compile(".*metrics on (http://\\S+/metrics).*");
    private final HttpClient http = HttpClient.newHttpClient();

    private double scrape(URI url, String series) throws Exception {
        String body = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(body);
        assertThat(m.find()).as("%s in:%n%s", series, body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** JMX from another JVM, as JConsole reaches a local one: attach, start the local agent, connect. */
    @Test
    void anotherJvmReadsThePoolOverJmx() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start(null, "--max-connections", "4");
             JavaProcess holder = JavaProcess.start(JavaProcess.CLIENT_JAR, Map.of(),
                     "lease", "--hold", "10m", "--server", server.address())) {
            holder.awaitLine(l -> l.startsWith("leased connection"), Duration.ofSeconds(60));
            VirtualMachine vm = VirtualMachine.attach(Long.toString(server.process.pid()));
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
                MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
                ObjectName pool = new ObjectName("io.rmipool:type=Pool,name=\"pool\"");
                assertThat(mbeans.getAttribute(pool, "TotalConnections")).isEqualTo(4);
                assertThat(mbeans.getAttribute(pool, "ActiveConnections")).isEqualTo(1);
                assertThat(mbeans.getAttribute(pool, "IdleConnections")).isEqualTo(3);
                assertThat(mbeans.getAttribute(pool, "MaintainerAlive")).isEqualTo(true);
            } finally {
                vm.detach();
            }
        }
    }

    @Test
    void theNumbersMoveWithLeasesWaitersTimeoutsAndFailedLogins() throws Exception {
        try (PoolServerProcess server = PoolServerProcess.start("metrics-it-secret-of-32-bytes-ok",
                "--max-connections", "3", "--metrics-port", "0")) {
            String ready = server.process.stdout().stream().filter(l -> l.contains("ready")).findFirst().orElseThrow();
            Matcher m = METRICS_URL.matcher(ready);
            assertThat(m.matches()).as(ready).isTrue();
            URI url = URI.create(m.group(1));
            assertThat(url.getHost()).as("loopback by default").isEqualTo("127.0.0.1");
            assertThat(scrape(url, "rmipool_connections_max{pool=\"pool\"}")).isEqualTo(3);
            assertThat(scrape(url, "rmipool_connections_active{pool=\"pool\"}")).isZero();

            List<JavaProcess> holders = new ArrayList<>();
            Map<String, String> env = Map.of("POOL_SECRET", "metrics-it-secret-of-32-bytes-ok");
            try {
                for (int i = 0; i < 3; i++) {
                    JavaProcess holder = JavaProcess.start(JavaProcess.CLIENT_JAR, env,
                            "lease", "--hold", "10m", "--server", server.address());
                    holders.add(holder);
                    holder.awaitLine(l -> l.startsWith("leased connection"), Duration.ofSeconds(60));
                }
                assertThat(scrape(url, "rmipool_connections_active{pool=\"pool\"}")).isEqualTo(3);
                assertThat(scrape(url, "rmipool_connections_idle{pool=\"pool\"}")).isZero();
                assertThat(scrape(url, "rmipool_connections_acquire_seconds_count{pool=\"pool\"}")).isEqualTo(3);
                assertThat(scrape(url, "rmipool_connections_acquire_seconds{pool=\"pool\",quantile=\"0.99\"}"))
                        .isGreaterThanOrEqualTo(0);
                assertThat(scrape(url, "rmipool_connections_creation_seconds_count{pool=\"pool\"}"))
                        .as("the pool's 3 connections, timed as they opened at start").isEqualTo(3);
                assertThat(scrape(url, "rmipool_connections_creation_seconds{pool=\"pool\",quantile=\"0.5\"}"))
                        .isPositive();

                // a fourth waits (pending), then times out
                JavaProcess waiter = JavaProcess.start(JavaProcess.CLIENT_JAR, env,
                        "lease", "--timeout", "4s", "--server", server.address());
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> scrape(url, "rmipool_connections_pending{pool=\"pool\"}") == 1);
                waiter.awaitExit(Duration.ofSeconds(60));
                assertThat(waiter.exitCode()).isEqualTo(3);
                assertThat(scrape(url, "rmipool_connections_pending{pool=\"pool\"}")).isZero();
                assertThat(scrape(url, "rmipool_connections_timeout_total{pool=\"pool\"}")).isEqualTo(1);

                JavaProcess intruder = JavaProcess.start(JavaProcess.CLIENT_JAR,
                        Map.of("POOL_SECRET", "not-the-secret-but-long-enough!!"), "stats", "--server", server.address());
                intruder.awaitExit(Duration.ofSeconds(60));
                assertThat(intruder.exitCode()).isEqualTo(5);
                assertThat(scrape(url, "rmipool_logins_failed_total{pool=\"pool\"}")).isEqualTo(1);
            } finally {
                holders.forEach(JavaProcess::close);
            }
            // the holders were killed: their leases come back when the TTL runs out (30 s here), so
            // only check that the gauges stay consistent meanwhile
            double active = scrape(url, "rmipool_connections_active{pool=\"pool\"}");
            double idle = scrape(url, "rmipool_connections_idle{pool=\"pool\"}");
            double maintenance = scrape(url, "rmipool_connections_maintenance{pool=\"pool\"}");
            assertThat(active + idle + maintenance).isEqualTo(3);
        }
    }
}
