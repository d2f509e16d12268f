package io.rmipool.client.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The time one stress cycle held a connection, in wall-clock microseconds: from the moment {@code lease}
 * returned to the moment just before {@code release} was called. Both ends are taken with
 * {@code Instant.now()}, one clock for every process on the machine, so intervals from different
 * workers can be compared.
 *
 * @param connectionId the pooled connection's id
 * @param fromMicros when the cycle got the connection
 * @param toMicros when it was about to give it back
 */
record HeldInterval(int connectionId, long fromMicros, long toMicros) {

    /**
     * The number of pairs of intervals on the same connection that overlap: each such pair is a moment
     * when two holders had one connection, which a correct pool never allows.
     *
     * <p>Intervals are closed at neither end for this purpose: {@code [a,b]} and {@code [b,c]} touch but do
     * not overlap. A correct hand-over can show exactly that, since release and the next lease may fall
     * into the same microsecond.
     *
     * <p>O(n log n): per connection, a sweep in order of start, keeping the ends of the intervals still
     * open in a heap.
     */
    static long countOverlaps(List<HeldInterval> intervals) {
        List<HeldInterval> sorted = new ArrayList<>(intervals);
        // Among equal starts the shorter comes first: an empty interval (lease and release in one
        // microsecond) then leaves the heap before a longer one that starts with it is counted.
        sorted.sort(Comparator.comparingInt(HeldInterval::connectionId)
                .thenComparingLong(HeldInterval::fromMicros)
                .thenComparingLong(HeldInterval::toMicros));
        long pairs = 0;
        PriorityQueue<Long> openEnds = new PriorityQueue<>();
        int connection = Integer.MIN_VALUE;
        for (HeldInterval interval : sorted) {
            if (interval.connectionId() != connection) {
                connection = interval.connectionId();
                openEnds.clear();
            }
            while (!openEnds.isEmpty() && openEnds.peek() <= interval.fromMicros()) {
                openEnds.poll();
            }
            pairs += openEnds.size();
            openEnds.add(interval.toMicros());
        }
        return pairs;
    }
}
