package io.rmipool.server.rmi;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.transport.ClientTransport;
import io.rmipool.server.admin.PoolAdministration;
import io.rmipool.server.jdbc.JdbcConnector;
import io.rmipool.server.jdbc.RestrictedH2;
import io.rmipool.server.jdbc.SqlLimits;
import io.rmipool.server.jdbc.SqlRunner;
import io.rmipool.server.metrics.PoolMetrics;
import io.rmipool.server.net.NetSettings;
import io.rmipool.server.pool.DatabaseConnectionPool;
import io.rmipool.server.pool.PoolSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A real pool server in the test's JVM: an in-memory H2 database behind the restricted user the server
 * gives clients, the pool, and the RMI adapter on a free loopback port. Clients log in over real
 * sockets through {@link ClientTransport}, as the client library does.
 */
public final class ServerFixture implements AutoCloseable {
    public static final byte[] SECRET = "fixture-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
    public static final Duration LEASE_TTL = Duration.ofMinutes(1);
    public static final byte[] ADMIN_SECRET = "fixture-admin-secret-32-bytes!!!".getBytes(StandardCharsets.UTF_8);

    public final int port;
    public final DatabaseConnectionPool pool;
    public final RmiPoolServer server;
    /** What the server's meters read. */
    public final SimpleMeterRegistry meters;
    /** Counted down when an admin's drain stops the server. */
    public final CountDownLatch stopRequested;
    private final RestrictedH2 database;
    private final ClientTransport transport;

    private ServerFixture(int port, DatabaseConnectionPool pool, RmiPoolServer server, RestrictedH2 database,
                          ClientTransport transport, SimpleMeterRegistry meters, CountDownLatch stopRequested) {
        this.stopRequested = stopRequested;
        this.meters = meters;
        this.port = port;
        this.pool = pool;
        this.server = server;
        this.database = database;
        this.transport = transport;
    }

    /** A plain-TCP server with the default limits. */
    public static ServerFixture start() throws Exception {
        return start(NetSettings.loopback(), SessionSettings.defaults(), null);
    }

    /** A plain-TCP server with the default limits and no admin role. */
    public static ServerFixture startWithoutAdmin() throws Exception {
        return start(NetSettings.loopback(), SessionSettings.defaults(), null, false);
    }

    /**
     * @param clientTransport how clients connect, or null for plain TCP to the port
     */
    public static ServerFixture start(NetSettings net, SessionSettings sessions, ClientTransport clientTransport)
            throws Exception {
        return start(net, sessions, clientTransport, true);
    }

    private static ServerFixture start(NetSettings net, SessionSettings sessions, ClientTransport clientTransport,
                                       boolean withAdmin) throws Exception {
        int port = freePort();
        RestrictedH2 database = RestrictedH2.create("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PoolMetrics metrics = new PoolMetrics(meters, "pool");
        JdbcConnector connector = new JdbcConnector(database.poolUrl(), database.poolUser(), database.poolPassword(),
                Duration.ofMinutes(1));
        connector.reportOpenTimesTo(metrics::connectionOpened);
        DatabaseConnectionPool pool = DatabaseConnectionPool.open(connector, PoolSettings.of(2, LEASE_TTL),
                metrics::leaseEnded);
        metrics.watch(pool);
        CountDownLatch stopRequested = new CountDownLatch(1);
        RmiPoolServer server = new RmiPoolServer(port, "pool", SECRET, pool,
                new SqlRunner(new SqlLimits(100, Duration.ofSeconds(5))), net, sessions,
                metrics,
                withAdmin ? new RmiPoolServer.AdminRole(ADMIN_SECRET, new PoolAdministration(pool, stopRequested::countDown))
                        : null);
        ClientTransport transport = clientTransport != null ? clientTransport
                : ClientTransport.plaintext("localhost", port, Duration.ofSeconds(2));
        return new ServerFixture(port, pool, server, database, transport, meters, stopRequested);
    }

    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    public PoolGateway gateway() throws Exception {
        return transport.gateway("pool");
    }

    /** Logs in as a client would, with the fixture's secret. */
    public PoolSession login(String clientId) throws Exception {
        return transport.logIn(gateway(), clientId, SECRET);
    }

    /** Logs in as an admin would, with the fixture's admin secret. */
    public PoolAdmin adminLogin(String clientId) throws Exception {
        return transport.adminLogIn(gateway(), clientId, ADMIN_SECRET);
    }

    /** The transport clients of this fixture use. */
    public ClientTransport transport() {
        return transport;
    }

    @Override
    public void close() {
        server.close();
        pool.close();
        database.close();
    }
}
