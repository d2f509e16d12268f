package io.rmipool.server.rmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolAdmin;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.TooManySessionsException;
import io.rmipool.api.transport.ClientTransport;
import java.lang.reflect.Field;
import java.rmi.ConnectIOException;
import java.rmi.RemoteException;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay: a gateway of someone else's that passes challenges and logins on to the real one. The
 * network cannot put one in the server's registry (see RemoteAttackTest); a registry that allows it
 * (the JDK's, to any local process) is simulated here by binding in-process. The client refuses it.
 */
class RelayTest {
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Forwards everything to the real gateway, and keeps what it saw. */
    static final class RelayGateway implements PoolGateway {
        private final PoolGateway real;
        volatile PoolSession captured;

        RelayGateway(PoolGateway real) {
            this.real = real;
        }

        @Override
        public byte[] challenge() throws NotAuthenticatedException, RemoteException {
            return real.challenge();
        }

        @Override
        public PoolSession login(String clientId, byte[] challenge, byte[] mac)
                throws NotAuthenticatedException, TooManySessionsException, RemoteException {
            captured = real.login(clientId, challenge, mac);
            return captured;
        }

        @Override
        public PoolAdmin adminLogin(String clientId, byte[] challenge, byte[] mac)
                throws NotAuthenticatedException, TooManySessionsException, RemoteException {
            return real.adminLogin(clientId, challenge, mac);
        }
    }

    @Test
    void aClientRefusesAGatewayThatNoPoolServerExported() throws Exception {
        fixture = ServerFixture.start();
        RelayGateway relay = new RelayGateway(fixture.gateway());
        PoolGateway relayStub = (PoolGateway) UnicastRemoteObject.exportObject(relay, 0);
        try {
            registryOf(fixture.server).bind("relay", relayStub);
            ClientTransport transport = ClientTransport.plaintext("localhost", fixture.port, Duration.ofSeconds(2));
            assertThatThrownBy(() -> transport.gateway("relay")).isInstanceOf(ConnectIOException.class)
                    .hasMessageContaining("was not exported by an RMI Pool server; refusing to log in through it");
            assertThat(relay.captured).as("nothing was sent to it").isNull();
        } finally {
            UnicastRemoteObject.unexportObject(relay, true);
        }
    }

    private static Registry registryOf(RmiPoolServer server) throws Exception {
        Field registry = RmiPoolServer.class.getDeclaredField("registry");
        registry.setAccessible(true);
        return (Registry) registry.get(server);
    }
}
