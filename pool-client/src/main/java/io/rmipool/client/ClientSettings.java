package io.rmipool.client;

import io.rmipool.api.transport.ClientTransport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where and how a {@link PoolClient} connects.
 *
 * <p>Immutable and thread-safe: the secret is copied in and out, so the caller may wipe its own array.
 * Because of that copy, two settings with equal secrets are not {@code equals} (records compare arrays
 * by reference); settings are not meant to be compared.
 *
 * @param host the server's host name or address, as reachable from this machine
 * @param port the server's one port (registry and every exported object), 1 to 65535
 * @param name the name the gateway is bound under in the server's registry
 * @param secret the shared secret for the HMAC login, or {@code null} when the server runs without one
 * @param clientId how the server names this client in logs and stats; {@code null} means {@link #defaultClientId()}
 * @param connectTimeout how long to wait for a TCP connection to the server; {@code null} means
 *     {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param tls the TLS context to connect with (its trust decides which server certificates are accepted,
 *     its key is presented for mutual TLS), e.g. from {@link io.rmipool.api.transport.TlsContexts#client};
 *     {@code null} for plain TCP. Over TLS the server's certificate must also name {@code host}.
 * @param callTimeout how long any one call waits for the server's answer before it fails (a server that
 *     stopped answering, a half-open connection); a {@code lease(t)} waits {@code t} plus this. Longer
 *     than the server's statement timeout, so that only a silent server trips it. {@code null} means
 *     {@link #DEFAULT_CALL_TIMEOUT}
 */
public record ClientSettings(String host, int port, String name, byte[] secret, String clientId,
                             Duration connectTimeout, SSLContext tls, Duration callTimeout) {

    public static final int DEFAULT_PORT = 1099;
    public static final String DEFAULT_NAME = "pool";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(1);

    public ClientSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        secret = secret == null ? null : secret.clone();
        clientId = clientId == null ? defaultClientId() : clientId;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout must be between 1ms and " + Integer.MAX_VALUE + "ms");
        }
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        if (callTimeout.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("call timeout must be at least 10ms");
        }
    }

    /** Settings over plain TCP. */
    public ClientSettings(String host, int port, String name, byte[] secret, String clientId, Duration connectTimeout) {
        this(host, port, name, secret, clientId, connectTimeout, null, null);
    }

    /** Settings with the default name, no secret, the default client id and timeouts, plain TCP. */
    public static ClientSettings of(String host, int port) {
        return new ClientSettings(host, port, DEFAULT_NAME, null, null, null, null, null);
    }

    /** The same settings over TLS with {@code context}. */
    public ClientSettings withTls(SSLContext context) {
        return new ClientSettings(host, port, name, secret, clientId, connectTimeout, context, callTimeout);
    }

    /** The same settings for another server: {@code host:port}. */
    public ClientSettings withEndpoint(String host, int port) {
        return new ClientSettings(host, port, name, secret, clientId, connectTimeout, tls, callTimeout);
    }

    /** The same settings with another call timeout. */
    public ClientSettings withCallTimeout(Duration timeout) {
        return new ClientSettings(host, port, name, secret, clientId, connectTimeout, tls, timeout);
    }

    /** How this client reaches the server: every connection to {@code host:port}, over TLS if configured. */
    ClientTransport transport() {
        return tls == null ? ClientTransport.plaintext(host, port, connectTimeout)
                : ClientTransport.tls(host, port, connectTimeout, tls);
    }

    /** A copy of the secret, or {@code null}. */
    @Override
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    /** {@code hostname/pid}, which tells an operator which process holds a lease. */
    public static String defaultClientId() {
        String hostName;
        try {
            hostName = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            hostName = "localhost";
        }
        return hostName + "/" + ProcessHandle.current().pid();
    }

    /** {@code host:port}, as error messages name the server. */
    public String endpoint() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        // never print the secret
        return "ClientSettings[" + endpoint() + ", name=" + name + ", secret=" + (secret == null ? "none" : "set")
                + ", clientId=" + clientId + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout + ", "
                + (tls == null ? "plain text" : "TLS") + "]";
    }
}
