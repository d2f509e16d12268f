package io.rmipool.server.net;

/** Answers a session connection's handshake: does {@code proof} answer {@code nonce} for session {@code id}? */
@FunctionalInterface
public interface SessionVerifier {
    /** Must be thread-safe, and compare in constant time. */
    boolean accepts(byte[] id, byte[] nonce, byte[] proof);
}
