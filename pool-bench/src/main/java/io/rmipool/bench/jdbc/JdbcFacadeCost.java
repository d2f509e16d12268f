package io.rmipool.bench.jdbc;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmipool.client.ClientSettings;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import io.rmipool.client.jdbc.RmiPoolDataSource;
import io.rmipool.server.jdbc.JdbcConnector;
import io.rmipool.server.jdbc.SqlLimits;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.metrics.PoolMetrics;
import io.rmipool.server.net.NetSettings;
import io.rmipool.server.pool.DatabaseConnectionPool;
import io.rmipool.server.pool.PoolSettings;
import io.rmipool.server.rmi.RmiPoolServer;
import io.rmipool.server.rmi.SessionSettings;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * What the JDBC facade costs per statement on top of the library's own call (issue #11): one
 * {@code select ?} with one parameter, read back, through {@link LeasedConnection#execute} and through
 * {@code PreparedStatement.executeQuery} on the driver's {@link Connection}, each on a lease held for
 * the whole run. A pool server (H2 in memory) runs in this JVM on a loopback port, so both paths pay
 * the same real RMI round trip. Rounds alternate which path goes first (paired, so a drift of the
 * machine's speed falls on both alike); prints each round's microseconds per statement, then the
 * medians with ranges and the median of the per-round ratios.
 *
 * <pre>java -cp pool-bench/target/pool-bench.jar io.rmipool.bench.jdbc.JdbcFacadeCost [rounds] [statements]</pre>
 */
public final class JdbcFacadeCost {
    private JdbcFacadeCost() {
    }

    private interface Statements {
        void run(int count) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String secretText = Base64.getEncoder().encodeToString(secret);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        JdbcConnector connector = new JdbcConnector("jdbc:h2:mem:facade;DB_CLOSE_DELAY=-1", "", "", Duration.ofMinutes(1));
        DatabaseConnectionPool pool = DatabaseConnectionPool.open(connector, PoolSettings.of(2, Duration.ofMinutes(5)));
        RmiPoolServer server = new RmiPoolServer(port, "pool", secretText.getBytes(StandardCharsets.UTF_8), pool,
                new SqlRunner(new SqlLimits(10_000, Duration.ofSeconds(30))), NetSettings.loopback(),
                SessionSettings.defaults(), new PoolMetrics(new SimpleMeterRegistry(), "pool"), null);
        RmiPoolDataSource dataSource = new RmiPoolDataSource();
        dataSource.setUrl("jdbc:rmipool://127.0.0.1:" + port + "/pool");
        dataSource.setSecret(secretText);
        try (PoolClient client = PoolClient.connect(new ClientSettings("127.0.0.1", port, "pool",
                     secretText.getBytes(StandardCharsets.UTF_8), "facade-bench", null));
             LeasedConnection lease = client.lease(Duration.ofSeconds(5));
             Connection jdbc = dataSource.getConnection()) {
            Statements library = count -> {
                for (int i = 0; i < count; i++) {
                    Object v = lease.execute("select ?", (long) i).rows().get(0).get(0);
                    if (((Number) v).longValue() != i) {
                        throw new IllegalStateException("library read " + v + " for " + i);
                    }
                }
            };
            Statements facade = count -> {
                for (int i = 0; i < count; i++) {
                    try (PreparedStatement ps = jdbc.prepareStatement("select ?")) {
                        ps.setLong(1, i);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) != i) {
                                throw new IllegalStateException("facade read " + rs.getLong(1) + " for " + i);
                            }
                        }
                    }
                }
            };
            library.run(perRound); // warm-up: JIT, connections
            facade.run(perRound);
            List<Double> libraryMicros = new ArrayList<>();
            List<Double> facadeMicros = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double lib = 0;
                double fac = 0;
                for (boolean libraryFirst : round % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    long started = System.nanoTime();
                    (libraryFirst ? library : facade).run(perRound);
                    double micros = (System.nanoTime() - started) / 1_000.0 / perRound;
                    if (libraryFirst) {
                        lib = micros;
                    } else {
                        fac = micros;
                    }
                }
                libraryMicros.add(lib);
                facadeMicros.add(fac);
                ratios.add(fac / lib);
                System.out.printf("round %d: library=%.1fus facade=%.1fus ratio=%.3f%n", round, lib, fac, fac / lib);
            }
            System.out.printf("paired: rounds=%d statements/round=%d library median=%s facade median=%s ratio median=%s%n",
                    rounds, perRound, summary(libraryMicros, "us"), summary(facadeMicros, "us"), summary(ratios, ""));
        } finally {
            dataSource.close();
            server.close();
            pool.close();
        }
    }

    /** The median, and the range in brackets. */
    private static String summary(List<Double> values, String unit) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format("%.2f%s (%.2f-%.2f)", median, unit, sorted.get(0), sorted.get(n - 1));
    }
}
