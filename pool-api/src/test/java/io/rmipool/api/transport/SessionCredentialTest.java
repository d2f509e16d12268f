package io.rmipool.api.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SessionCredentialTest {
    private static final byte[] SECRET = "a-secret-of-sixteen-bytes-or-more".getBytes(StandardCharsets.UTF_8);

    @Test
    void bothEndsDeriveTheSameCredentialFromSecretAndChallenge() {
        byte[] challenge = new byte[32];
        challenge[0] = 7;
        SessionCredential client = SessionCredential.derive(SECRET, challenge);
        SessionCredential server = SessionCredential.derive(SECRET, challenge.clone());
        byte[] nonce = new byte[32];
        assertThat(client.id()).isEqualTo(server.id());
        assertThat(server.accepts(nonce, client.proof(nonce))).isTrue();
    }

    @Test
    void aProofIsWorthNothingWithoutTheSecretForAnotherNonceOrAnotherSession() {
        byte[] challenge = new byte[32];
        SessionCredential genuine = SessionCredential.derive(SECRET, challenge);
        byte[] nonce = new byte[32];
        byte[] otherNonce = new byte[32];
        otherNonce[31] = 1;
        // an eavesdropper knows the challenge (and so the public id) but not the secret
        SessionCredential guess = SessionCredential.derive("another-secret-of-16-bytes".getBytes(StandardCharsets.UTF_8), challenge);
        assertThat(guess.id()).isEqualTo(genuine.id());
        assertThat(genuine.accepts(nonce, guess.proof(nonce))).isFalse();
        // a recorded proof does not answer a fresh nonce
        assertThat(genuine.accepts(otherNonce, genuine.proof(nonce))).isFalse();
        // another login, another session
        byte[] otherChallenge = new byte[32];
        otherChallenge[5] = 9;
        assertThat(genuine.accepts(nonce, SessionCredential.derive(SECRET, otherChallenge).proof(nonce))).isFalse();
        assertThat(genuine.accepts(nonce, null)).isFalse();
    }
}
