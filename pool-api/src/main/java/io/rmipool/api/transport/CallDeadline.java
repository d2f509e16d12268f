package io.rmipool.api.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * How long the remote call running on this thread may wait for the server's answer. A client sets it
 * around each call ({@link #start}); the client's sockets ({@link Guarded}) read with the time left as
 * their timeout, so a server that stopped answering (a half-open connection, a frozen process) fails
 * the call with a {@link SocketTimeoutException} instead of hanging it. RMI reads a call's answer on
 * the calling thread, which is what makes a thread-local the right place.
 *
 * <p>Outside a scope there is no deadline (RMI's own threads, such as its distributed GC, keep
 * RMI's behaviour). Thread-safe: the deadline is per thread.
 */
public final class CallDeadline {
    private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

    private CallDeadline() {
    }

    /** The deadline in force on this thread until closed (then the one before it, if any). */
    public static final class Scope implements AutoCloseable {
        private final long[] previous;

        private Scope(long[] previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    /**
     * Starts a deadline {@code timeout} from now for the calls this thread makes until the scope is
     * closed (a nested scope keeps the earlier deadline):
     * <pre>{@code try (CallDeadline.Scope s = CallDeadline.start(timeout)) { session.renew(token); }}</pre>
     */
    public static Scope start(Duration timeout) {
        long[] previous = DEADLINE.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        if (previous != null && previous[0] - deadline < 0) {
            deadline = previous[0];
        }
        DEADLINE.set(new long[] {deadline});
        return new Scope(previous);
    }

    /**
     * The read timeout for this thread now: 0 (none) outside a deadline, else the milliseconds left.
     *
     * @throws SocketTimeoutException when the deadline has passed
     */
    static int readTimeoutMillis() throws SocketTimeoutException {
        long[] deadline = DEADLINE.get();
        if (deadline == null) {
            return 0;
        }
        long left = deadline[0] - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the server did not answer in time");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
    }

    /** A client connection whose reads honour the calling thread's deadline. */
    static final class Guarded extends DelegatingSocket {
        private final InputStream in;
        /**
         * The read timeout last given to the socket, -1 before the first. RMI hands a connection from
         * thread to thread only through its synchronized connection cache, so a plain field is seen
         * by the next user.
         */
        private int applied = -1;

        Guarded(Socket delegate) throws IOException {
            super(delegate);
            InputStream raw = delegate.getInputStream();
            this.in = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    while (true) {
                        applyDeadline();
                        try {
                            return super.read();
                        } catch (SocketTimeoutException e) {
                            retryOrThrow(e);
                        }
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    while (true) {
                        applyDeadline();
                        try {
                            return super.read(b, off, len);
                        } catch (SocketTimeoutException e) {
                            retryOrThrow(e);
                        }
                    }
                }
            };
        }

        /**
         * Gives the socket the time left as its read timeout, unless the one it has will do: at least
         * half the time left and at most a sixteenth more. Setting it costs a synchronized socket-option
         * call, and calls alternate between deadlines (a lease waits its timeout on top of the call
         * timeout, a release does not), so setting it exactly would cost most reads that. A timeout up
         * to a sixteenth longer lets a read wait that much past the deadline (the deadline guards
         * against a server that stopped answering; it is not a timer); a shorter one that ends before
         * the deadline is retried by {@link #retryOrThrow} with the time still left.
         */
        private void applyDeadline() throws IOException {
            int timeout = readTimeoutMillis();
            boolean close = timeout == 0 ? applied == 0
                    : applied >= timeout / 2 && applied > 0 && applied <= timeout + timeout / 16;
            if (!close) {
                delegate.setSoTimeout(timeout);
                applied = timeout;
            }
        }

        /** A read timed out: fine to read on while the deadline has not passed, else the call fails. */
        private void retryOrThrow(SocketTimeoutException e) throws SocketTimeoutException {
            if (readTimeoutMillis() == 0) {
                throw e; // no deadline, and yet a timeout: not ours to swallow
            }
            applied = -1; // read again with exactly the time left
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            // the deadline decides: RMI's client sets none of its own
        }
    }
}
