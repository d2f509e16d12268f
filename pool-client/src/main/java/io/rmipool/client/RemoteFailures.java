package io.rmipool.client;

import io.rmipool.api.transport.SessionRefusedException;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.rmi.ConnectIOException;
import java.rmi.MarshalException;
import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.UnmarshalException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns RMI's exceptions into the ones the library promises its callers. Stateless and thread-safe.
 *
 * <p>Transport failures (the server cannot be reached, or dropped the connection mid-call, or has
 * forgotten the object) become a checked {@link ServerUnreachableException} naming {@code host:port}.
 * Every other {@link RemoteException} (a server bug, a result refused by the serial filter) is not
 * something a caller can act on, so it becomes an {@link UncheckedIOException}.
 */
final class RemoteFailures {

    private RemoteFailures() {
    }

    static ServerUnreachableException notBound(String endpoint, String name, NotBoundException e) {
        return new ServerUnreachableException(endpoint,
                "no object named '" + name + "' in the registry at " + endpoint, e);
    }

    /**
     * @throws UncheckedIOException when {@code e} is not a transport failure
     */
    static ServerUnreachableException unreachable(String endpoint, RemoteException e) {
        if (!isTransportFailure(e)) {
            throw new UncheckedIOException("remote call to " + endpoint + " failed: " + rootMessage(e), e);
        }
        return new ServerUnreachableException(endpoint,
                "cannot reach pool server at " + endpoint + ": " + reason(e), e);
    }

    /**
     * Whether {@code failure} (a RemoteException, or our exception wrapping one) says the server no longer
     * knows the session: it restarted ({@code NoSuchObjectException}) or refused a new connection for it
     * ({@link SessionRefusedException}). Then the session's leases are gone, and a new login is needed.
     */
    static boolean sessionGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoSuchObjectException || t instanceof SessionRefusedException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransportFailure(RemoteException e) {
        if (e instanceof java.rmi.ConnectException || e instanceof ConnectIOException
                || e instanceof java.rmi.UnknownHostException || e instanceof NoSuchObjectException) {
            return true;
        }
        // A call whose connection broke (server killed, network gone) surfaces as a (un)marshal failure
        // caused by a plain IOException; one caused by a serialization problem is not a transport failure.
        if (e instanceof MarshalException || e instanceof UnmarshalException) {
            return e.getCause() instanceof IOException && !(e.getCause() instanceof ObjectStreamException);
        }
        return false;
    }

    /** A short, lower-case reason such as {@code connection refused}. */
    static String reason(RemoteException e) {
        if (sessionGone(e)) {
            return "the server no longer knows this session (it restarted or closed it)";
        }
        SSLException tls = find(e, SSLException.class);
        if (tls != null) {
            return "the TLS handshake failed: " + tls.getMessage() + " (is the server's certificate trusted by "
                    + "--tls-truststore, does it name the host in --server, and does the server use TLS?)";
        }
        if (e instanceof java.rmi.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if ((e instanceof MarshalException || e instanceof UnmarshalException) && find(e, SocketTimeoutException.class) != null) {
            return "no answer within the call timeout (the server stopped answering, or the network dropped the connection)";
        }
        if (e instanceof MarshalException || e instanceof UnmarshalException) {
            return "connection lost during the call (" + rootMessage(e) + ")";
        }
        Throwable root = root(e);
        if (root instanceof SocketTimeoutException) {
            return "connect timed out";
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // The JDK's socket messages carry an upper-case first letter ("Connection refused").
        return message.isEmpty() ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = root(t);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static Throwable root(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
