package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StressReportTest {

    @Test
    void reportsPercentilesInMicroseconds() {
        StressReport report = new StressReport();
        // 1..100 us: p50 = 50us, p99 = 99us, max = 100us
        for (int us = 1; us <= 100; us++) {
            report.cycle(new HeldInterval(0, us * 10L, us * 10L + 1), us * 1_000L);
        }
        assertThat(report.latencyMicros(50)).isEqualTo(50);
        assertThat(report.latencyMicros(99)).isEqualTo(99);
        assertThat(report.latencyMicros(100)).isEqualTo(100);
    }

    @Test
    void writesTheResultLine() {
        StressReport report = new StressReport();
        for (int i = 0; i < 99; i++) {
            report.cycle(new HeldInterval(i % 2, i * 100L, i * 100L + 50), 36_000);
        }
        report.cycle(new HeldInterval(0, 20_000, 20_010), 2_300_000);
        report.workerDone(1_000_000, 1_500_000, 0, 0, 0, 0);
        report.workerDone(1_100_000, 1_610_000, 0, 0, 0, 0);
        assertThat(report.line(2, 100)).isEqualTo(
                "stress: processes=2 cycles=100 elapsed=0.61s cycles/s=164 p50=36us p99=36us max=2300us failed=0 duplicates=0");
        assertThat(report.passed(false)).isTrue();
    }

    @Test
    void failedLeasesAndOverlapsFailTheRun() {
        StressReport failed = new StressReport();
        failed.workerDone(0, 1, 3, 0, 0, 0);
        assertThat(failed.failed()).isEqualTo(3);
        assertThat(failed.passed(false)).isFalse();

        StressReport doubled = new StressReport();
        doubled.cycle(new HeldInterval(4, 10, 20), 1000);
        doubled.cycle(new HeldInterval(4, 15, 25), 1000);
        assertThat(doubled.duplicates()).isEqualTo(1);
        assertThat(doubled.passed(false)).isFalse();
        assertThat(doubled.passed(true)).as("duplicates fail a --keep-going run too").isFalse();
    }

    @Test
    void parsesWorkerRecords() {
        StressReport report = new StressReport();
        assertThat(report.accept("@cycle 3 100 120 45000")).isTrue();
        assertThat(report.accept("@cycle 3 110 130 45000")).isTrue();
        assertThat(report.accept("@done 100 200 2 0 0 0")).isTrue();
        assertThat(report.accept("something else")).isFalse();
        assertThat(report.workersDone()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.latencyMicros(50)).isEqualTo(45);
        assertThatThrownBy(() -> report.accept("@cycle x 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeepGoingRunCountsItsFailuresByKindAndPassesWithoutDuplicates() {
        StressReport report = new StressReport();
        report.cycle(new HeldInterval(1, 10, 20), 1000);
        assertThat(report.accept("@done 0 1000000 0 40 3 1")).isTrue();
        assertThat(report.line(1, 45)).endsWith("failed=0 duplicates=0 unreachable=40 database=3 lost=1");
        assertThat(report.passed(true)).isTrue();
        assertThat(report.passed(false)).isTrue();
    }

    @Test
    void anEmptyRunPrintsZeros() {
        assertThat(new StressReport().line(1, 0))
                .isEqualTo("stress: processes=1 cycles=0 elapsed=0.00s cycles/s=0 p50=0us p99=0us max=0us failed=0 duplicates=0");
    }
}
