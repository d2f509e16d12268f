package io.rmipool.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.Lease;
import io.rmipool.api.PoolSession;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import io.rmipool.api.testing.DevTls;
import io.rmipool.api.transport.ClientTransport;
import io.rmipool.api.transport.TlsContexts;
import io.rmipool.server.rmi.ServerFixture;
import io.rmipool.server.rmi.SessionSettings;
import java.net.InetAddress;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TLS on the one port: what an eavesdropper sees, and who is let in. */
class TlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final DevTls tls = DevTls.get();
    private ServerFixture fixture;
    private RecordingProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private NetSettings tlsServer(boolean mutual) {
        return NetSettings.loopback().withTls(
                TlsContexts.server(tls.serverKeystore(), tls.password(), mutual ? tls.ca() : null, null), mutual);
    }

    private SSLContext trustingTheCa() {
        return TlsContexts.client(tls.ca(), null, null, null);
    }

    /** Logs in through {@code transport}, runs a statement that carries {@code canary} both ways. */
    private static String roundTripCanary(ServerFixture fixture, ClientTransport transport, String canary) throws Exception {
        PoolSession session = transport.logIn(transport.gateway("pool"), "canary-client", ServerFixture.SECRET);
        long token = session.lease(0);
        SqlResult result = session.execute(token, "select ? as canary_column", SqlParameters.of(canary));
        session.release(token);
        session.logout();
        return (String) result.rows().get(0).get(0);
    }

    @Test
    void anEavesdropperOnATlsConnectionSeesNeitherTheSqlNorItsResult() throws Exception {
        fixture = ServerFixture.start(tlsServer(false), SessionSettings.defaults(), null);
        proxy = new RecordingProxy(fixture.port);
        String canary = "canary-" + UUID.randomUUID();
        ClientTransport viaProxy = ClientTransport.tls("localhost", proxy.port(), TIMEOUT, trustingTheCa());
        assertThat(roundTripCanary(fixture, viaProxy, canary)).isEqualTo(canary);
        assertThat(proxy.recordedBytes()).as("traffic went through the recorder").isGreaterThan(1000);
        assertThat(proxy.saw(canary)).isFalse();
        assertThat(proxy.saw("canary_column")).isFalse();
        assertThat(proxy.saw("canary-client")).as("the client id of the login").isFalse();
    }

    @Test
    void inPlainTextTheSameEavesdropperSeesEverything() throws Exception {
        // the control: proves the recorder would have seen the canary
        fixture = ServerFixture.start();
        proxy = new RecordingProxy(fixture.port);
        String canary = "canary-" + UUID.randomUUID();
        ClientTransport viaProxy = ClientTransport.plaintext("localhost", proxy.port(), TIMEOUT);
        assertThat(roundTripCanary(fixture, viaProxy, canary)).isEqualTo(canary);
        assertThat(proxy.saw(canary)).isTrue();
        assertThat(proxy.saw("canary_column")).isTrue();
    }

    @Test
    void aPlainTextClientIsRefusedByATlsServer() throws Exception {
        fixture = ServerFixture.start(tlsServer(false), SessionSettings.defaults(), null);
        ClientTransport plain = ClientTransport.plaintext("localhost", fixture.port, TIMEOUT);
        assertThatThrownBy(() -> plain.gateway("pool")).isInstanceOf(RemoteException.class)
                .rootCause().hasMessageContaining("the server speaks TLS");
        ClientTransport good = ClientTransport.tls("localhost", fixture.port, TIMEOUT, trustingTheCa());
        assertThat(good.logIn(good.gateway("pool"), "after", ServerFixture.SECRET).stats().max()).isEqualTo(2);
    }

    @Test
    void aTlsClientDoesNotTalkToAPlainTextServer() throws Exception {
        fixture = ServerFixture.start();
        ClientTransport client = ClientTransport.tls("localhost", fixture.port, TIMEOUT, trustingTheCa());
        assertThatThrownBy(() -> client.gateway("pool")).isInstanceOf(RemoteException.class)
                .cause().isInstanceOf(SSLException.class).hasMessage("Remote host terminated the handshake");
    }

    @Test
    void theClientChecksTheCertificatesChainAndHostName() throws Exception {
        // the server listens on 127.0.0.2, a name its certificate does not carry
        fixture = ServerFixture.start(tlsServer(false).withBindAddress(InetAddress.getByName("127.0.0.2")),
                SessionSettings.defaults(), null);
        ClientTransport wrongName = ClientTransport.tls("127.0.0.2", fixture.port, TIMEOUT, trustingTheCa());
        assertThatThrownBy(() -> wrongName.gateway("pool")).isInstanceOf(RemoteException.class)
                .rootCause().hasMessageContaining("127.0.0.2");
        fixture.close();

        fixture = ServerFixture.start(tlsServer(false), SessionSettings.defaults(), null);
        // the JVM's default trust: the public CAs, not our development CA
        ClientTransport untrusting = ClientTransport.tls("localhost", fixture.port, TIMEOUT,
                TlsContexts.client(null, null, null, null));
        assertThatThrownBy(() -> untrusting.gateway("pool")).isInstanceOf(RemoteException.class)
                .cause().isInstanceOf(SSLException.class).hasMessageContaining("PKIX path building failed");
    }

    @Test
    void mutualTlsLetsInOnlyClientsWithACertificateTheServerTrusts() throws Exception {
        fixture = ServerFixture.start(tlsServer(true), SessionSettings.defaults(), null);
        ClientTransport withoutCertificate = ClientTransport.tls("localhost", fixture.port, TIMEOUT, trustingTheCa());
        assertThatThrownBy(() -> withoutCertificate.gateway("pool")).isInstanceOf(RemoteException.class);

        ClientTransport withCertificate = ClientTransport.tls("localhost", fixture.port, TIMEOUT,
                TlsContexts.client(tls.ca(), null, tls.clientKeystore(), tls.password()));
        PoolSession session = withCertificate.logIn(withCertificate.gateway("pool"), "mutual", ServerFixture.SECRET);
        assertThat(session.stats().max()).isEqualTo(2);
    }
}
