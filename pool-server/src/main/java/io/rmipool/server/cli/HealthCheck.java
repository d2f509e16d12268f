package io.rmipool.server.cli;

import io.rmipool.api.LoginMac;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.PoolStats;
import io.rmipool.api.transport.EndpointSocketFactory;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;

/**
 * The container health check: asks the server running on this host for its stats, the way a client
 * would (registry lookup, login, stats, logout), so "healthy" means the pool answers calls, not just
 * that its port accepts connections. Reads {@code POOL_PORT}, {@code POOL_NAME} and
 * {@code POOL_SECRET} like the server. Prints the stats and exits 0, or prints why and exits 1.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static void main(String[] args) {
        String host = "127.0.0.1";
        int port = Integer.parseInt(System.getenv().getOrDefault("POOL_PORT", "1099"));
        String name = System.getenv().getOrDefault("POOL_NAME", "pool");
        try {
            Registry registry = LocateRegistry.getRegistry(host, port, EndpointSocketFactory.routed(2000, host, port));
            PoolGateway gateway = EndpointSocketFactory.routedThrough(host, port,
                    () -> (PoolGateway) registry.lookup(name));
            byte[] challenge = gateway.challenge();
            byte[] mac = LoginMac.compute(ServerMain.secretFromEnvironment(), challenge);
            PoolSession session = EndpointSocketFactory.routedThrough(host, port,
                    () -> gateway.login("healthcheck", challenge, mac));
            PoolStats stats = session.stats();
            session.logout();
            System.out.println("healthy: " + stats);
            System.exit(0);
        } catch (Exception e) {
            System.out.println("unhealthy: " + e);
            System.exit(1);
        }
    }
}
