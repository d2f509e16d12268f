package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldIntervalTest {

    private static HeldInterval held(int id, long from, long to) {
        return new HeldInterval(id, from, to);
    }

    @Test
    void noIntervalsNoOverlaps() {
        assertThat(HeldInterval.countOverlaps(List.of())).isZero();
    }

    @Test
    void touchingIntervalsDoNotOverlap() {
        assertThat(HeldInterval.countOverlaps(List.of(held(1, 10, 20), held(1, 20, 30), held(1, 30, 30)))).isZero();
    }

    @Test
    void overlapOnOneConnectionCounts() {
        assertThat(HeldInterval.countOverlaps(List.of(held(1, 10, 21), held(1, 20, 30)))).isEqualTo(1);
    }

    @Test
    void sameTimesOnDifferentConnectionsDoNotCount() {
        assertThat(HeldInterval.countOverlaps(List.of(held(1, 10, 20), held(2, 10, 20), held(3, 15, 25)))).isZero();
    }

    @Test
    void countsPairsNotIntervals() {
        // three holders of connection 7 at once are three pairs; one nested in a long interval is one more pair
        List<HeldInterval> intervals = List.of(
                held(7, 0, 100), held(7, 10, 20), held(7, 15, 30),
                held(7, 200, 300), held(7, 250, 260),
                held(8, 0, 100));
        assertThat(HeldInterval.countOverlaps(intervals)).isEqualTo(4);
    }

    @Test
    void orderOfInputDoesNotMatter() {
        List<HeldInterval> intervals = new ArrayList<>(List.of(
                held(3, 50, 60), held(1, 0, 10), held(3, 55, 70), held(1, 5, 6), held(3, 70, 80)));
        long forward = HeldInterval.countOverlaps(intervals);
        java.util.Collections.reverse(intervals);
        assertThat(HeldInterval.countOverlaps(intervals)).isEqualTo(forward).isEqualTo(2);
    }

    @Test
    void agreesWithCheckingEveryPair() {
        java.util.Random random = new java.util.Random(42);
        List<HeldInterval> intervals = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long from = random.nextInt(10_000);
            intervals.add(held(random.nextInt(5), from, from + random.nextInt(200)));
        }
        long pairs = 0;
        for (int i = 0; i < intervals.size(); i++) {
            for (int j = i + 1; j < intervals.size(); j++) {
                HeldInterval a = intervals.get(i);
                HeldInterval b = intervals.get(j);
                if (a.connectionId() == b.connectionId() && a.fromMicros() < b.toMicros() && b.fromMicros() < a.toMicros()) {
                    pairs++;
                }
            }
        }
        assertThat(HeldInterval.countOverlaps(intervals)).isEqualTo(pairs);
    }
}
