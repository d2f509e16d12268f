package io.rmipool.client.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the workers' reports of one {@code demo} run and writes its summary line.
 *
 * <p>A duplicate is a connection id that two or more workers held at the same time. In a demo run every
 * lease overlaps every other in time: no worker releases before the parent has the reports of all of
 * them. So any id reported twice was held twice at once, and the count needs no timestamps.
 *
 * <p>Not thread-safe; used by the command's thread only.
 */
final class DemoSummary {
    private final int processes;
    private final Map<Integer, Integer> holders = new HashMap<>();
    private int leased;
    private int failed;

    DemoSummary(int processes) {
        this.processes = processes;
    }

    /**
     * Counts one worker's line.
     *
     * @return whether it was a report ({@code leased connection(id=N)} or {@code failed to lease connection})
     */
    boolean accept(String line) {
        int id = WorkerProtocol.leasedId(line);
        if (id >= 0) {
            leased++;
            holders.merge(id, 1, Integer::sum);
            return true;
        }
        if (line.equals(WorkerProtocol.FAILED)) {
            failed++;
            return true;
        }
        return false;
    }

    int leased() {
        return leased;
    }

    int reports() {
        return leased + failed;
    }

    /** The number of connection ids that two or more workers held. */
    int duplicates() {
        return (int) holders.values().stream().filter(n -> n > 1).count();
    }

    /** {@code summary: processes=11 leased=10 failed=1 duplicates=0} */
    String line() {
        return "summary: processes=" + processes + " leased=" + leased + " failed=" + failed
                + " duplicates=" + duplicates();
    }
}
