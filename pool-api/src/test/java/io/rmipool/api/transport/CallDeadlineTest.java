package io.rmipool.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client socket's reads against the calling thread's deadline, over a real loopback connection. */
class CallDeadlineTest {
    private ServerSocket listener;
    private Socket serverSide;
    private OutputStream toClient;
    private CallDeadline.Guarded client;

    @BeforeEach
    void connect() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new CallDeadline.Guarded(new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
        serverSide = listener.accept();
        toClient = serverSide.getOutputStream();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        serverSide.close();
        listener.close();
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheReadAtTheDeadline() throws Exception {
        InputStream in = client.getInputStream();
        long start = System.nanoTime();
        try (CallDeadline.Scope s = CallDeadline.start(Duration.ofMillis(300))) {
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the deadline")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    /**
     * The socket keeps the previous call's shorter timeout (1 s is at least half of this call's 1.8 s,
     * so it is kept): the read that times out after 1 s, before this call's deadline, reads on.
     */
    @Test
    void aLongerDeadlineAfterAShortOneWaitsItsFullTime() throws Exception {
        InputStream in = client.getInputStream();
        toClient.write(1);
        try (CallDeadline.Scope s = CallDeadline.start(Duration.ofSeconds(1))) {
            assertThat(in.read()).isEqualTo(1);
        }
        // The scenario is a late server: it answers 1.4 s after the call starts, past the socket's 1 s
        // timeout and within the call's 1.8 s deadline.
        ScheduledExecutorService server = Executors.newSingleThreadScheduledExecutor();
        try (CallDeadline.Scope s = CallDeadline.start(Duration.ofMillis(1800))) {
            ScheduledFuture<?> answer = server.schedule(() -> {
                toClient.write(2);
                return null;
            }, 1400, TimeUnit.MILLISECONDS);
            assertThat(in.read()).isEqualTo(2);
            answer.get(5, TimeUnit.SECONDS);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void outsideADeadlineAReadWaitsForever() throws Exception {
        InputStream in = client.getInputStream();
        toClient.write(1);
        try (CallDeadline.Scope s = CallDeadline.start(Duration.ofMillis(200))) {
            assertThat(in.read()).isEqualTo(1);
        }
        toClient.write(new byte[] {7, 8});
        assertThat(in.read(new byte[2], 0, 2)).isPositive();
        assertThat(client.getSoTimeout()).as("the read timeout outside a deadline").isZero();
    }
}
