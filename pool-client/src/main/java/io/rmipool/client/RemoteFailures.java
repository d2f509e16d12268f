package io.rmipool.client;

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
        if (e instanceof NoSuchObjectException) {
            return "the server no longer knows this session (it restarted or closed it)";
        }
        if (e instanceof java.rmi.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
            return "unknown host";
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
