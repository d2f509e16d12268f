package io.rmipool.server.net;

import io.rmipool.api.transport.DelegatingSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * An accepted client connection as RMI gets it: the plain or TLS socket underneath, wrapped so that
 * <ul>
 *   <li>the first read runs the {@linkplain InboundConnection#hello handshake} (after TLS's own);</li>
 *   <li>every byte RMI consumes passes the {@link JrmpInspector} first, and every write tells it that a
 *       call was answered;</li>
 *   <li>RMI's read timeout (two hours by default) is capped at ours, so an idle or stalled connection
 *       gives its thread back;</li>
 *   <li>closing it counts it out of the {@link ConnectionLimits}, once.</li>
 * </ul>
 * Input that breaks a rule is logged through {@link Refusals} and closes the connection.
 *
 * <p>Our input stream reports {@code markSupported()}, so RMI reads it directly instead of through its
 * own {@code BufferedInputStream}; it buffers itself and hands RMI (and the inspector) only what RMI asks
 * for. Read and written by the connection's one RMI thread; {@link #close()} may come from any thread.
 */
final class GuardedSocket extends DelegatingSocket {
    private final Socket raw;
    private final Socket socket;
    private final InboundConnection connection;
    private final ConnectionLimits limits;
    private final Refusals refusals;
    private final int readTimeoutMillis;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final GuardedInput input = new GuardedInput();
    private final GuardedOutput output = new GuardedOutput();

    /**
     * @param raw the accepted TCP socket
     * @param socket {@code raw}, or the TLS socket layered over it
     */
    GuardedSocket(Socket raw, Socket socket, InboundConnection connection, ConnectionLimits limits,
                  Refusals refusals, int readTimeoutMillis) throws SocketException {
        super(socket);
        this.raw = raw;
        this.socket = socket;
        this.connection = connection;
        this.limits = limits;
        this.refusals = refusals;
        this.readTimeoutMillis = readTimeoutMillis;
        socket.setSoTimeout(readTimeoutMillis);
    }

    @Override
    public InputStream getInputStream() {
        return input;
    }

    @Override
    public OutputStream getOutputStream() {
        return output;
    }

    /** Caps the read timeout RMI asks for at ours (0, "forever", included). */
    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout == 0 ? readTimeoutMillis : Math.min(timeout, readTimeoutMillis));
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } finally {
                raw.close();
                limits.closed(raw.getInetAddress());
                connection.answered();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "GuardedSocket[" + connection + ", " + socket + "]";
    }

    /** Refuses: logs in aggregate, closes, and rethrows so that RMI drops the connection. */
    private IOException refused(IOException e) {
        if (e instanceof RefusedInputException) {
            refusals.refuse(((RefusedInputException) e).kind(), connection.address(), e.getMessage());
        } else if (e instanceof SSLException) {
            refusals.refuse("TLS handshake", connection.address(), e.getMessage());
        }
        try {
            close();
        } catch (IOException ignored) {
            // closing a connection we refused
        }
        return e;
    }

    private final class GuardedInput extends InputStream {
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        private boolean helloDone;
        /** The thread this connection was last made current on. */
        private Thread currentOn;

        /** Makes the connection current, runs the handshake once, and fills the buffer if it is empty. */
        private boolean ready() throws IOException {
            // RMI serves a connection on one thread from its first call to its close (and a thread
            // serves no other connection meanwhile), so setting the thread-local once per thread
            // suffices; a connection read by a new thread sets it again.
            Thread thread = Thread.currentThread();
            if (currentOn != thread) {
                connection.makeCurrent();
                currentOn = thread;
            }
            try {
                if (!helloDone) {
                    connection.hello(socket.getInputStream(), socket.getOutputStream());
                    helloDone = true;
                }
                if (position == limit) {
                    int n = socket.getInputStream().read(buffer, 0, buffer.length);
                    if (n < 0) {
                        return false;
                    }
                    position = 0;
                    limit = n;
                }
                return true;
            } catch (RefusedInputException | SSLException e) {
                throw refused(e);
            }
        }

        @Override
        public int read() throws IOException {
            if (!ready()) {
                return -1;
            }
            try {
                connection.inspector().inspect(buffer, position, 1);
            } catch (RefusedInputException e) {
                throw refused(e);
            }
            return buffer[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!ready()) {
                return -1;
            }
            int n = Math.min(len, limit - position);
            try {
                connection.inspector().inspect(buffer, position, n);
            } catch (RefusedInputException e) {
                throw refused(e);
            }
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return limit - position;
        }

        /** True, so that RMI does not put a BufferedInputStream between the inspector and itself. */
        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public void mark(int readLimit) {
            // never called by RMI; see markSupported
        }

        @Override
        public void reset() throws IOException {
            throw new IOException("mark/reset is not supported");
        }

        @Override
        public void close() throws IOException {
            GuardedSocket.this.close();
        }
    }

    private final class GuardedOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            tellInspector();
            socket.getOutputStream().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            tellInspector();
            socket.getOutputStream().write(b, off, len);
        }

        private void tellInspector() {
            JrmpInspector inspector = connection.inspector();
            if (inspector != null) {
                inspector.serverWrote();
            }
        }

        @Override
        public void flush() throws IOException {
            socket.getOutputStream().flush();
            connection.answered();
        }

        @Override
        public void close() throws IOException {
            GuardedSocket.this.close();
        }
    }
}
