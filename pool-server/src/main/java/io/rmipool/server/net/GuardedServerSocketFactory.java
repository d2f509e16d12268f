package io.rmipool.server.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMIServerSocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * The server socket factory of the registry and of every exported object: one instance per server,
 * so that RMI shares one listening port between them all (it compares factories with
 * {@code equals}, here identity).
 *
 * <p>Its server socket listens on {@link NetSettings#bindAddress()} only, and turns every accepted
 * connection into a {@link GuardedSocket}: counted against the connection caps (one over a cap is
 * closed at once, before RMI spends a thread on it), wrapped in TLS when configured (the TLS handshake
 * runs on the connection's own thread, at its first read, never in the accept loop), and guarded by
 * the handshake and the {@link JrmpInspector}. Thread-safe.
 */
public final class GuardedServerSocketFactory implements RMIServerSocketFactory {
    private static final int BACKLOG = 128;

    private final NetSettings settings;
    private final ConnectionLimits limits;
    private final SessionVerifier sessions;
    private final Refusals refusals;

    public GuardedServerSocketFactory(NetSettings settings, SessionVerifier sessions, Refusals refusals) {
        this.settings = settings;
        this.limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerAddress());
        this.sessions = sessions;
        this.refusals = refusals;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new GuardedServerSocket(port);
    }

    /** Client connections open now. */
    public int openConnections() {
        return limits.open();
    }

    private final class GuardedServerSocket extends ServerSocket {
        GuardedServerSocket(int port) throws IOException {
            super(port, BACKLOG, settings.bindAddress());
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Socket raw = super.accept();
                InetAddress peer = raw.getInetAddress();
                String refusal = limits.admit(peer);
                if (refusal != null) {
                    refusals.refuse("connection", peer.getHostAddress(), refusal);
                    raw.close();
                    continue;
                }
                try {
                    raw.setTcpNoDelay(true);
                    Socket socket = settings.tls() == null ? raw : layerTls(raw);
                    return new GuardedSocket(raw, socket,
                            new InboundConnection(peer.getHostAddress(), sessions, settings.maxSessionCallBytes()),
                            limits, refusals, (int) settings.readTimeout().toMillis());
                } catch (IOException e) {
                    limits.closed(peer);
                    raw.close();
                    // a connection that failed before its first byte: nothing for RMI to do with it
                }
            }
        }

        private Socket layerTls(Socket raw) throws IOException {
            SSLSocket tls = (SSLSocket) settings.tls().getSocketFactory().createSocket(raw, null, true);
            tls.setUseClientMode(false);
            tls.setNeedClientAuth(settings.clientAuth());
            return tls;
        }
    }
}
