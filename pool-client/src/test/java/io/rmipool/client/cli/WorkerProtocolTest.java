package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerProtocolTest {

    @Test
    void leasedLinesCarryTheConnectionId() {
        assertThat(WorkerProtocol.leasedId(WorkerProtocol.leased(7))).isEqualTo(7);
        assertThat(WorkerProtocol.leasedId(WorkerProtocol.FAILED)).isEqualTo(-1);
        assertThat(WorkerProtocol.leasedId(WorkerProtocol.sqlOutput(7, "1"))).isEqualTo(-1);
    }

    @Test
    void sqlOutputIsIndentedUnderItsConnectionAndToldApartFromReports() {
        String line = WorkerProtocol.sqlOutput(3, "42 | alice");
        assertThat(line).isEqualTo("  connection(id=3): 42 | alice");
        assertThat(WorkerProtocol.isSqlOutput(line)).isTrue();
        assertThat(WorkerProtocol.isSqlOutput(WorkerProtocol.leased(3))).isFalse();
        assertThat(WorkerProtocol.isSqlOutput(WorkerProtocol.EXECUTED)).isFalse();
        assertThat(WorkerProtocol.isSqlOutput("connection(id=3): 1")).as("a stray line, not indented").isFalse();
    }
}
