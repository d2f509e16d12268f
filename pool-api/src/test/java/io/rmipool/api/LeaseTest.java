package io.rmipool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Tokens: the epoch in the high bits and the connection id in the low bits, strictly increasing with
 * the sequence and then the epoch whatever the ids.
 */
class LeaseTest {
    private static final long[] EPOCHS = {0, 1, 77, Lease.MAX_EPOCH};
    private static final long[] SEQUENCES = {1, 2, 123_456, Lease.MAX_SEQUENCE};
    private static final int[] IDS = {0, 1, 9_999, (1 << Lease.CONNECTION_ID_BITS) - 1};

    @Test
    void aTokenCarriesItsEpochAndConnectionId() {
        for (long epoch : EPOCHS) {
            for (long sequence : SEQUENCES) {
                for (int id : IDS) {
                    long token = Lease.token(epoch, sequence, id);
                    assertThat(Lease.connectionIdOf(token)).as("id of token %d", token).isEqualTo(id);
                    assertThat(Lease.epochOf(token)).as("epoch of token %d", token).isEqualTo(epoch);
                    assertThat(token).isPositive();
                }
            }
        }
    }

    @Test
    void tokensIncreaseWithTheSequenceThenTheEpochWhateverTheConnection() {
        long previous = 0;
        for (long epoch : EPOCHS) {
            for (long sequence : SEQUENCES) {
                // the highest id first, then the lowest: still above the last
                for (int id : new int[] {9_999, 0}) {
                    long token = Lease.token(epoch, sequence, id);
                    if (id == 9_999) {
                        assertThat(token).as("epoch %d, sequence %d", epoch, sequence).isGreaterThan(previous);
                    }
                    previous = Math.max(previous, token);
                }
            }
        }
    }

    @Test
    void nothingOutOfRangeMakesAToken() {
        assertThatThrownBy(() -> Lease.token(Lease.MAX_EPOCH + 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lease.token(-1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lease.token(0, Lease.MAX_SEQUENCE + 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lease.token(0, 1, 1 << Lease.CONNECTION_ID_BITS)).isInstanceOf(IllegalArgumentException.class);
    }
}
