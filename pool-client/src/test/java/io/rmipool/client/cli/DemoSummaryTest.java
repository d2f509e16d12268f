package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    @Test
    void countsTheSeedsHappyRun() {
        DemoSummary summary = new DemoSummary(11);
        for (int id = 9; id >= 0; id--) {
            assertThat(summary.accept("leased connection(id=" + id + ")")).isTrue();
        }
        assertThat(summary.accept("failed to lease connection")).isTrue();
        assertThat(summary.reports()).isEqualTo(11);
        assertThat(summary.line()).isEqualTo("summary: processes=11 leased=10 failed=1 duplicates=0");
    }

    @Test
    void countsIdsHeldTwiceOrMoreOnceEach() {
        // the seed's broken run: 9 twice, 8 four times, 7 twice, 1 twice
        DemoSummary summary = new DemoSummary(11);
        for (int id : new int[] {9, 8, 8, 7, 7, 8, 9, 8, 1, 1}) {
            summary.accept(WorkerProtocol.leased(id));
        }
        summary.accept(WorkerProtocol.FAILED);
        assertThat(summary.duplicates()).isEqualTo(4);
        assertThat(summary.line()).isEqualTo("summary: processes=11 leased=10 failed=1 duplicates=4");
    }

    @Test
    void otherLinesAreNotReports() {
        DemoSummary summary = new DemoSummary(1);
        assertThat(summary.accept("@ready")).isFalse();
        assertThat(summary.accept("leased connection(id=x)")).isFalse();
        assertThat(summary.accept("leased connection(id=1) extra")).isFalse();
        assertThat(summary.reports()).isZero();
    }
}
