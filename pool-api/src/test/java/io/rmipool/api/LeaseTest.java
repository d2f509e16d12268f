package io.rmipool.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tokens: the connection id in the low bits, strictly increasing with the sequence whatever the ids. */
class LeaseTest {
    @Test
    void aTokenCarriesItsConnectionId() {
        for (int id : new int[] {0, 1, 9_999, (1 << Lease.CONNECTION_ID_BITS) - 1}) {
            for (long sequence : new long[] {1, 2, 123_456_789L, (1L << (63 - Lease.CONNECTION_ID_BITS)) - 1}) {
                long token = Lease.token(sequence, id);
                assertThat(Lease.connectionIdOf(token)).as("id of token %d", token).isEqualTo(id);
                assertThat(token).isPositive();
            }
        }
    }

    @Test
    void tokensIncreaseWithTheSequenceWhateverTheConnection() {
        long previous = 0;
        for (long sequence = 1; sequence < 1_000; sequence++) {
            // the highest id first, then the lowest: still above the last
            long token = Lease.token(sequence, (int) (sequence % 2 == 0 ? 0 : 9_999));
            assertThat(token).isGreaterThan(previous);
            previous = token;
        }
    }
}
