package io.rmipool.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rmipool.api.Lease;
import io.rmipool.api.PoolSession;
import io.rmipool.server.rmi.ServerFixture;
import io.rmipool.server.rmi.SessionSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The port under a connection flood, idle connections, and the bind address. Attackers come from
 * 127.0.0.2 (all of 127/8 is this host's loopback), the honest client from 127.0.0.1.
 */
class ConnectionLimitsTest {
    private static final InetAddress ATTACKER;

    static {
        try {
            ATTACKER = InetAddress.getByName("127.0.0.2");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ServerFixture fixture;
    private final List<Socket> flood = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : flood) {
            s.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Socket openFrom(InetAddress local, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private void assertHonestClientWorks() throws Exception {
        PoolSession honest = fixture.login("honest");
        long token = honest.lease(0);
        assertThat(honest.release(token)).isTrue();
        honest.logout();
    }

    @Test
    void aConnectionFloodFromOneAddressLeavesAnHonestClientWorking() throws Exception {
        fixture = ServerFixture.start(NetSettings.loopback().withLimits(40, 10, Duration.ofMinutes(1)),
                SessionSettings.defaults(), null);
        // 200 idle connections that never say anything (each would be an RMI thread)
        for (int i = 0; i < 200; i++) {
            flood.add(openFrom(ATTACKER, fixture.port));
        }
        // only 10 are kept: every other one was closed at once, before any thread was spent on it
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server.openConnections() == 10);
        long closedByServer = 0;
        for (Socket s : flood) {
            s.setSoTimeout(200); // the 10 kept ones stay silent
            closedByServer += closedByServer(s) ? 1 : 0;
        }
        assertThat(closedByServer).isEqualTo(190);

        assertHonestClientWorks();
    }

    @Test
    void idleAndStalledConnectionsAreClosedAfterTheReadTimeout() throws Exception {
        fixture = ServerFixture.start(NetSettings.loopback().withLimits(40, 10, Duration.ofSeconds(1)),
                SessionSettings.defaults(), null);
        Socket silent = openFrom(ATTACKER, fixture.port);
        flood.add(silent);
        // one that starts the handshake and stalls half-way
        Socket stalled = openFrom(ATTACKER, fixture.port);
        flood.add(stalled);
        stalled.getOutputStream().write(new byte[] {'R', 'M'});
        long start = System.nanoTime();
        assertThat(closedByServer(silent)).isTrue();
        assertThat(closedByServer(stalled)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server.openConnections() == 0);
        assertHonestClientWorks();
    }

    /** Whether the server closes {@code s}: a read returns end of stream (within the socket's timeout). */
    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() < 0;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    @Test
    void theServerListensOnTheBindAddressOnly() throws Exception {
        fixture = ServerFixture.start();
        // 127.0.0.2 is this host too, but not the address bound
        assertThatCode(() -> openFrom(InetAddress.getLoopbackAddress(), fixture.port).close())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new Socket(ATTACKER, fixture.port).close()).isInstanceOf(ConnectException.class);
        Optional<InetAddress> external = nonLoopbackAddress();
        if (external.isPresent()) {
            assertThatThrownBy(() -> new Socket(external.get(), fixture.port).close())
                    .as("not reachable on %s", external.get()).isInstanceOf(ConnectException.class);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
