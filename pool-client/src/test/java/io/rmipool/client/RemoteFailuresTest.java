package io.rmipool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.InvalidClassException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.rmi.ConnectIOException;
import java.rmi.NoSuchObjectException;
import java.rmi.ServerException;
import java.rmi.UnknownHostException;
import java.rmi.UnmarshalException;
import org.junit.jupiter.api.Test;

class RemoteFailuresTest {

    @Test
    void connectionRefused() {
        var e = new java.rmi.ConnectException("Connection refused to host: localhost",
                new java.net.ConnectException("Connection refused"));
        assertThat(RemoteFailures.unreachable("localhost:1099", e))
                .hasMessage("cannot reach pool server at localhost:1099: connection refused")
                .hasCause(e)
                .satisfies(u -> assertThat(u.endpoint()).isEqualTo("localhost:1099"));
    }

    @Test
    void unknownHostTimeoutAndForgottenObject() {
        assertThat(RemoteFailures.unreachable("h:1", new UnknownHostException("h")))
                .hasMessage("cannot reach pool server at h:1: unknown host");
        assertThat(RemoteFailures.unreachable("h:1", new ConnectIOException("x", new SocketTimeoutException("Connect timed out"))))
                .hasMessage("cannot reach pool server at h:1: connect timed out");
        assertThat(RemoteFailures.unreachable("h:1", new NoSuchObjectException("no such object in table")).getMessage())
                .startsWith("cannot reach pool server at h:1: the server no longer knows this session");
    }

    @Test
    void connectionLostMidCallIsUnreachable() {
        assertThat(RemoteFailures.unreachable("h:1", new UnmarshalException("error unmarshalling return", new EOFException())))
                .hasMessage("cannot reach pool server at h:1: connection lost during the call (EOFException)");
    }

    @Test
    void otherRemoteFailuresAreUnchecked() {
        assertThatThrownBy(() -> RemoteFailures.unreachable("h:1",
                new UnmarshalException("error unmarshalling return", new InvalidClassException("filter status: REJECTED"))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("filter status: REJECTED");
        assertThatThrownBy(() -> RemoteFailures.unreachable("h:1", new ServerException("boom", new IllegalStateException("bug"))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("remote call to h:1 failed: bug");
    }

    @Test
    void aFailedTlsHandshakeSaysWhatToCheck() {
        var e = new ConnectIOException("Exception creating connection to: localhost",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));
        assertThat(RemoteFailures.unreachable("localhost:1099", e).getMessage())
                .startsWith("cannot reach pool server at localhost:1099: the TLS handshake failed: PKIX path building failed")
                .contains("--tls-truststore");
    }

    @Test
    void aSessionTheServerRefusesIsAGoneSession() {
        var refused = new ConnectIOException("Exception creating connection to: localhost",
                new io.rmipool.api.transport.SessionRefusedException());
        assertThat(RemoteFailures.sessionGone(refused)).isTrue();
        assertThat(RemoteFailures.sessionGone(new NoSuchObjectException("no such object in table"))).isTrue();
        assertThat(RemoteFailures.sessionGone(new ConnectIOException("x", new EOFException()))).isFalse();
    }
}
