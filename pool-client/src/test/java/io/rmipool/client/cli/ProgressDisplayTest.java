package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    @Test
    void progressIsWantedOnATerminalOnlyAndNotWithNoProgressOrVerbose() {
        assertThat(ProgressDisplay.wanted(false, false, true)).isTrue();
        assertThat(ProgressDisplay.wanted(false, false, false)).as("piped or redirected").isFalse();
        assertThat(ProgressDisplay.wanted(true, false, true)).as("--no-progress").isFalse();
        assertThat(ProgressDisplay.wanted(false, true, true)).as("--verbose").isFalse();
    }

    /** Neither asks the terminal anything: the workers are not told to report, and a bar is no bar. */
    @Test
    void withNoProgressOrVerboseNothingShows() {
        for (boolean verbose : new boolean[] {false, true}) {
            try (ProgressDisplay display = ProgressDisplay.open(!verbose, verbose)) {
                assertThat(display.shown()).isFalse();
                assertThat(display.bar("stress", 10, " cycles", true)).isSameAs(Progress.NONE);
            }
        }
    }
}
