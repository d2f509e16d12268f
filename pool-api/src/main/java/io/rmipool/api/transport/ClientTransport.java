package io.rmipool.api.transport;

import io.rmipool.api.LoginMac;
import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.ConnectIOException;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a client reaches one pool server: the address every connection goes to (whatever address a stub
 * names), the connect timeout, and TLS. It looks up the gateway, logs in, and opens the connections of
 * every stub it obtained that way ({@link EndpointSocketFactory} delegates here).
 *
 * <p>Over TLS the client checks the server's certificate chain against its truststore and the host name
 * it was given against the certificate (HTTPS rules: a DNS or IP subject alternative name), unless
 * {@link #withoutHostNameCheck()} says the chain itself is pinned.
 *
 * <p>It accepts only what a pool server exports: the registry entry must be a stub carrying our socket
 * factory, and so must the session a login returns. A stub exported by anyone else (a local process
 * that rebound the name to a relay) is refused before any secret-derived value is sent to it; and since
 * our stubs' connections always go to the address the user gave, a stub cannot divert them elsewhere.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientTransport {
    private final String host;
    private final int port;
    private final int connectTimeoutMillis;
    private final SSLSocketFactory tls;
    private final boolean checkHostName;

    private ClientTransport(String host, int port, int connectTimeoutMillis, SSLSocketFactory tls, boolean checkHostName) {
        if (connectTimeoutMillis <= 0) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.tls = tls;
        this.checkHostName = checkHostName;
    }

    /** Plain TCP to {@code host:port}. */
    public static ClientTransport plaintext(String host, int port, Duration connectTimeout) {
        return new ClientTransport(host, port, millis(connectTimeout), null, false);
    }

    /** TLS to {@code host:port}: the server's certificate must chain to {@code context}'s trust and name {@code host}. */
    public static ClientTransport tls(String host, int port, Duration connectTimeout, SSLContext context) {
        return new ClientTransport(host, port, millis(connectTimeout), context.getSocketFactory(), true);
    }

    /** A transport that connects where each stub says, in plain text: for a stub used outside any client. */
    static ClientTransport direct(int connectTimeoutMillis) {
        return new ClientTransport(null, 0, connectTimeoutMillis, null, false);
    }

    /**
     * The same transport without the host-name check, for a trust store that holds exactly the server's
     * own chain (the health check inside the server's container connects to 127.0.0.1).
     */
    public ClientTransport withoutHostNameCheck() {
        return new ClientTransport(host, port, connectTimeoutMillis, tls, false);
    }

    private static int millis(Duration timeout) {
        long ms = timeout.toMillis();
        if (ms <= 0 || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout must be between 1ms and " + Integer.MAX_VALUE + "ms");
        }
        return (int) ms;
    }

    int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** {@code host:port}, as messages name the server. */
    public String endpoint() {
        return host + ":" + port;
    }

    public boolean isTls() {
        return tls != null;
    }

    /**
     * Looks up the gateway bound under {@code name} in the server's registry.
     *
     * @throws ConnectIOException when the entry is not a gateway a pool server exported
     */
    public PoolGateway gateway(String name) throws RemoteException, NotBoundException {
        Registry registry = LocateRegistry.getRegistry(host, port, EndpointSocketFactory.forRegistry(this));
        EndpointSocketFactory.Scope scope = new EndpointSocketFactory.Scope(this, null);
        Object found = EndpointSocketFactory.deserializingFor(scope, () -> registry.lookup(name));
        if (scope.factoriesSeen == 0 || !(found instanceof PoolGateway)) {
            throw new ConnectIOException("the object named '" + name + "' in the registry at " + endpoint()
                    + " was not exported by an RMI Pool server; refusing to log in through it");
        }
        return (PoolGateway) found;
    }

    /**
     * Logs in through {@code gateway}: asks for a challenge, proves the secret, and returns the session,
     * whose connections are bound to it.
     *
     * @param secret the shared secret, or null when the server has none
     * @throws io.rmipool.api.NotAuthenticatedException when the server refused the login
     */
    public PoolSession logIn(PoolGateway gateway, String clientId, byte[] secret) throws PoolException, RemoteException {
        byte[] challenge = gateway.challenge();
        byte[] proof = LoginMac.compute(secret, challenge);
        SessionCredential credential = SessionCredential.derive(secret, challenge);
        EndpointSocketFactory.Scope scope = new EndpointSocketFactory.Scope(this, credential);
        PoolSession session = EndpointSocketFactory.deserializingFor(scope, () -> gateway.login(clientId, challenge, proof));
        if (scope.factoriesSeen == 0) {
            throw new ConnectIOException("the login at " + endpoint()
                    + " returned a session that no RMI Pool server exported; not using it");
        }
        return session;
    }

    /**
     * Logs an admin in through {@code gateway} with the admin secret; like {@link #logIn}, the session's
     * connections are bound to it.
     *
     * @throws io.rmipool.api.NotAuthenticatedException when the server refused the login, or has no admin role
     */
    public PoolAdmin adminLogIn(PoolGateway gateway, String clientId, byte[] adminSecret)
            throws PoolException, RemoteException {
        byte[] challenge = gateway.challenge();
        byte[] proof = LoginMac.compute(adminSecret, challenge);
        SessionCredential credential = SessionCredential.derive(adminSecret, challenge);
        EndpointSocketFactory.Scope scope = new EndpointSocketFactory.Scope(this, credential);
        PoolAdmin admin = EndpointSocketFactory.deserializingFor(scope, () -> gateway.adminLogin(clientId, challenge, proof));
        if (scope.factoriesSeen == 0) {
            throw new ConnectIOException("the admin login at " + endpoint()
                    + " returned a session that no RMI Pool server exported; not using it");
        }
        return admin;
    }

    /**
     * Opens one connection for a stub: TCP with the connect timeout to this transport's address (or the
     * stub's, for {@link #direct}), then TLS, then the {@link ConnectionHello}.
     */
    Socket open(String stubHost, int stubPort, SessionCredential credential) throws IOException {
        String targetHost = host != null ? host : stubHost;
        int targetPort = host != null ? port : stubPort;
        Socket plain = new Socket();
        Socket socket = plain;
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(targetHost, targetPort), connectTimeoutMillis);
            // the handshakes must not hang on a server that accepted and went silent
            plain.setSoTimeout(connectTimeoutMillis);
            if (tls != null) {
                socket = handshake((SSLSocket) tls.createSocket(plain, targetHost, targetPort, true), targetHost);
            }
            ConnectionHello.client(socket, credential);
            socket.setSoTimeout(0);
            return new CallDeadline.Guarded(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            plain.close();
            throw e;
        }
    }

    private SSLSocket handshake(SSLSocket socket, String targetHost) throws IOException {
        SSLParameters parameters = socket.getSSLParameters();
        if (checkHostName) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(targetHost)) {
            parameters.setServerNames(List.of(new SNIHostName(targetHost)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    @Override
    public String toString() {
        return (host == null ? "direct" : endpoint()) + (tls == null ? "" : " over TLS");
    }
}
