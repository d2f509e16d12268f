package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StressProgressTest {
    private static final long GO = 5_000_000_000L; // any nanoTime: only differences count

    @Test
    void addsUpEachWorkersLatestCount() {
        StressProgress progress = new StressProgress(3, 1000, GO);
        assertThat(progress.total()).isEqualTo(3000);
        assertThat(progress.done()).isZero();

        assertThat(progress.accept(1, "@progress 100")).isTrue();
        assertThat(progress.accept(2, "@progress 250")).isTrue();
        assertThat(progress.done()).isEqualTo(350);
        // a report is a worker's count so far, not an increment
        assertThat(progress.accept(1, "@progress 400")).isTrue();
        assertThat(progress.done()).isEqualTo(650);
        assertThat(progress.accept(3, "@progress 1000")).isTrue();
        assertThat(progress.accept(2, "@progress 1000")).isTrue();
        assertThat(progress.accept(1, "@progress 1000")).isTrue();
        assertThat(progress.done()).isEqualTo(progress.total());
    }

    @Test
    void theRateIsCyclesDoneOverTheTimeSinceGo() {
        StressProgress progress = new StressProgress(2, 100_000, GO);
        assertThat(progress.perSecond(GO)).as("no time has passed").isZero();
        progress.accept(1, "@progress 30000");
        progress.accept(2, "@progress 20000");
        assertThat(progress.perSecond(GO + 2_000_000_000L)).isEqualTo(25_000);
        assertThat(progress.perSecond(GO + 400_000_000L)).isEqualTo(125_000);
        assertThat(progress.rate(GO + 3_000_000_000L)).isEqualTo("16667 cycles/s");
    }

    @Test
    void otherLinesAreNotProgressReports() {
        StressProgress progress = new StressProgress(1, 10, GO);
        assertThat(progress.accept(1, "@cycle 3 100 200 5000")).isFalse();
        assertThat(progress.accept(1, "@done 1 2 0 0 0 0")).isFalse();
        assertThat(progress.accept(1, "@progressive 3")).isFalse();
        assertThat(progress.accept(1, "some warning")).isFalse();
        assertThat(progress.done()).isZero();
    }

    @Test
    void aMalformedReportIsAnError() {
        StressProgress progress = new StressProgress(1, 10, GO);
        assertThatThrownBy(() -> progress.accept(1, "@progress ten"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("malformed progress report '@progress ten'");
    }
}
