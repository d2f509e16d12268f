package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StressCommandTest {
    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertThat(StressCommand.median(List.of(3L, 1L, 2L))).isEqualTo(2.0);
        assertThat(StressCommand.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2.5);
        assertThat(StressCommand.median(List.of(0.9))).isEqualTo(0.9);
    }
}
