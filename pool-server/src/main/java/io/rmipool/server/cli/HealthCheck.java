package io.rmipool.server.cli;

import io.rmipool.api.PoolSession;
import io.rmipool.api.PoolStats;
import io.rmipool.api.config.Secrets;
import io.rmipool.api.config.TlsPasswords;
import io.rmipool.api.transport.ClientTransport;
import io.rmipool.api.transport.TlsContexts;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The container health check: asks the server running on this host for its stats, the way a client
 * would (registry lookup, login, stats, logout), so "healthy" means the pool answers calls and its
 * maintenance runs, not just that its port accepts connections.
 *
 * <p>Reads the server's own variables: {@code POOL_PORT}, {@code POOL_NAME}, {@code POOL_BIND} (a
 * wildcard means 127.0.0.1), the secret ({@code POOL_SECRET_FILE} or {@code POOL_SECRET}), and with
 * {@code POOL_TLS_KEYSTORE} it speaks TLS, presenting the server's own certificate (which mutual TLS
 * accepts when the server's certificate chains to its truststore, as {@code scripts/dev-tls.sh} makes
 * it) and trusting exactly that certificate's chain. Prints the stats and exits 0, or prints why and
 * exits 1.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static void main(String[] args) {
        Result result = check(System.getenv());
        System.out.println(result.line());
        System.exit(result.exitCode());
    }

    /** The verdict: exit code 0 or 1, and the line to print. */
    record Result(int exitCode, String line) {
    }

    static Result check(Map<String, String> env) {
        try {
            int port = Integer.parseInt(env.getOrDefault("POOL_PORT", "1099"));
            String name = env.getOrDefault("POOL_NAME", "pool");
            InetAddress bind = InetAddress.getByName(env.getOrDefault("POOL_BIND", "127.0.0.1"));
            String host = bind.isAnyLocalAddress() ? "127.0.0.1" : bind.getHostAddress();
            Duration timeout = Duration.ofSeconds(2);
            String keystore = env.get("POOL_TLS_KEYSTORE");
            ClientTransport transport = keystore == null || keystore.isEmpty()
                    ? ClientTransport.plaintext(host, port, timeout)
                    : ClientTransport.tls(host, port, timeout, TlsContexts.trustingOwnChain(Path.of(keystore),
                            TlsPasswords.keystorePassword(null, env))).withoutHostNameCheck();
            PoolSession session = transport.logIn(transport.gateway(name), "healthcheck", Secrets.load(null, env));
            PoolStats stats = session.stats();
            session.logout();
            if (!stats.maintainerAlive()) {
                return new Result(1, "unhealthy: the pool's maintenance stopped (leases of dead clients are no "
                        + "longer reclaimed): " + stats);
            }
            return new Result(0, "healthy: " + stats);
        } catch (Exception e) {
            return new Result(1, "unhealthy: " + e);
        }
    }
}
