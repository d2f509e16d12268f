package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stress worker's side of the protocol, on a target that grants every lease at once. */
class StressWorkerTest {
    private static final int CYCLES = 5;

    private static List<String> run(boolean progress) throws Exception {
        ConnectionOptions connection = new ConnectionOptions(List.of(new HostPort("127.0.0.1", 1099)), "pool", null, false, null,
                null, null);
        WorkerSettings settings = StressWorker.settings(WorkerSettings.of(WorkerSettings.STRESS, connection, false), CYCLES,
                2, null, Duration.ofSeconds(1), false, progress);
        StressWorker.Target target = new StressWorker.Target() {
            private int next;

            @Override
            public int lease() {
                return next++ % 3;
            }

            @Override
            public void use() {
            }

            @Override
            public void release() {
            }
        };
        StringWriter out = new StringWriter();
        new StressWorker(settings).run(target, new BufferedReader(new StringReader(WorkerProtocol.GO + "\n")),
                new PrintWriter(out));
        return out.toString().lines().toList();
    }

    @Test
    void reportsNoProgressUnlessTheParentShowsIt() throws Exception {
        List<String> lines = run(false);
        assertThat(lines).noneMatch(l -> l.startsWith(WorkerProtocol.PROGRESS));
        assertThat(lines.get(0)).isEqualTo(WorkerProtocol.READY);
        assertThat(lines.subList(1, 1 + CYCLES)).allMatch(l -> l.startsWith(WorkerProtocol.CYCLE + " "));
        assertThat(lines.get(lines.size() - 1)).startsWith(WorkerProtocol.DONE + " ");
        assertThat(lines).hasSize(CYCLES + 2);
    }

    /** However fast the loop, the count reaches all cycles before the records, which take a while to read. */
    @Test
    void whenTheParentShowsProgressAllCyclesAreReportedBeforeTheRecords() throws Exception {
        List<String> lines = run(true);
        int firstRecord = lines.indexOf(lines.stream().filter(l -> l.startsWith(WorkerProtocol.CYCLE)).findFirst()
                .orElseThrow());
        assertThat(lines.get(firstRecord - 1)).isEqualTo(WorkerProtocol.PROGRESS + " " + CYCLES);
        assertThat(lines.subList(firstRecord, lines.size())).noneMatch(l -> l.startsWith(WorkerProtocol.PROGRESS));
        assertThat(lines.stream().filter(l -> l.startsWith(WorkerProtocol.CYCLE))).hasSize(CYCLES);
    }

    /** Two servers both number their connections from 0: in a fleet's records they stay two connections. */
    @Test
    void aFleetsConnectionsKeepTheirServerInTheirId() {
        assertThat(StressWorker.fleetConnectionId(0, 7)).isEqualTo(7);
        assertThat(StressWorker.fleetConnectionId(1, 0)).isNotEqualTo(StressWorker.fleetConnectionId(0, 0))
                .isEqualTo(65_536);
        assertThat(StressWorker.fleetConnectionId(2, 9_999)).isEqualTo(2 * 65_536 + 9_999);
    }
}
