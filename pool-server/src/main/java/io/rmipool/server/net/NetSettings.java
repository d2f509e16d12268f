package io.rmipool.server.net;

import java.net.InetAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How the server's one port faces the network, validated once.
 *
 * @param bindAddress the local address the port listens on (loopback by default)
 * @param tls the server's TLS context, or null for plain TCP
 * @param clientAuth whether clients must present a certificate {@code tls} trusts (mutual TLS)
 * @param maxConnections client connections open at once, in all (RMI spends a thread on each)
 * @param maxConnectionsPerAddress client connections open at once from one address
 * @param readTimeout a connection that sends nothing for this long, between calls or within one, is closed
 * @param maxSessionCallBytes the most bytes one call on a session may carry (statement and parameters)
 */
public record NetSettings(InetAddress bindAddress, SSLContext tls, boolean clientAuth, int maxConnections,
                          int maxConnectionsPerAddress, Duration readTimeout, long maxSessionCallBytes) {
    public static final int DEFAULT_MAX_CONNECTIONS = 2_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 500;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(1);
    public static final long DEFAULT_MAX_SESSION_CALL_BYTES = 16L << 20;

    public NetSettings {
        if (maxConnections < 1 || maxConnections > 100_000) {
            throw new IllegalArgumentException("max-client-connections must be between 1 and 100000, got " + maxConnections);
        }
        if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > maxConnections) {
            throw new IllegalArgumentException("max-client-connections-per-address must be between 1 and "
                    + "max-client-connections (" + maxConnections + "), got " + maxConnectionsPerAddress);
        }
        if (readTimeout.compareTo(Duration.ofSeconds(1)) < 0 || readTimeout.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException("client-read-timeout must be between 1s and 2h, got " + readTimeout.toMillis() + "ms");
        }
        if (maxSessionCallBytes < 64 << 10 || maxSessionCallBytes > 1L << 30) {
            throw new IllegalArgumentException("the call budget must be between 64 KiB and 1 GiB");
        }
        if (clientAuth && tls == null) {
            throw new IllegalArgumentException("mutual TLS needs TLS");
        }
    }

    /** Plain TCP on 127.0.0.1 with the default limits: for tests and embedding. */
    public static NetSettings loopback() {
        return new NetSettings(InetAddress.getLoopbackAddress(), null, false, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_SESSION_CALL_BYTES);
    }

    /** The same settings with TLS. */
    public NetSettings withTls(SSLContext context, boolean mutual) {
        return new NetSettings(bindAddress, context, mutual, maxConnections, maxConnectionsPerAddress, readTimeout,
                maxSessionCallBytes);
    }

    /** The same settings with other connection caps and read timeout. */
    public NetSettings withLimits(int max, int perAddress, Duration timeout) {
        return new NetSettings(bindAddress, tls, clientAuth, max, perAddress, timeout, maxSessionCallBytes);
    }

    /** The same settings with another bind address. */
    public NetSettings withBindAddress(InetAddress address) {
        return new NetSettings(address, tls, clientAuth, maxConnections, maxConnectionsPerAddress, readTimeout,
                maxSessionCallBytes);
    }
}
