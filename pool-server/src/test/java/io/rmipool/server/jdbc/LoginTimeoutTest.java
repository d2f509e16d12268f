package io.rmipool.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A database that accepts TCP and never answers must not hold an open forever. */
class LoginTimeoutTest {

    @Test
    void openingAPostgresConnectionToASilentServerGivesUpAtTheLoginTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never say a word
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            JdbcConnector connector = new JdbcConnector("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/app",
                    "pool", "pw", Duration.ofMinutes(1), 1);
            // without a login timeout the open waits for the server's answer forever
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThatThrownBy(connector::open).isInstanceOf(SQLException.class));
            assertThat(accepted).as("it did connect, and then waited for an answer").isNotEmpty();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
