package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final TerminalLine line = new TerminalLine(new PrintStream(err, true, StandardCharsets.UTF_8), () -> 100);

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutABarOutputIsOnlyTheLines() {
        StringWriter out = new StringWriter();
        Progress.NONE.update(3, "12 cycles/s");
        Progress.NONE.println(new PrintWriter(out), "leased connection(id=1)");
        Progress.NONE.close();
        assertThat(out).hasToString("leased connection(id=1)" + System.lineSeparator());
    }

    /** close() waits for the library's last drawing, so what it wrote can be read right after it. */
    @Test
    void aBarShowsTheCountTheRateAndTheTimesAndIsClearedWhenClosed() {
        try (Progress bar = Progress.drawn(line, "stress", 200, " cycles", true)) {
            bar.update(50, "41234 cycles/s");
        }
        String written = err();
        // blanked as wide as it was drawn, the cursor left at the start of the line: no empty line stays
        assertThat(written).endsWith("\r" + " ".repeat(99) + "\r").doesNotContain("\n");
        assertThat(lastDrawing(written)).hasSize(99)
                .matches("stress  25% \\[=+ +\\]  50/200 cycles \\(0:00:\\d\\d / 0:00:\\d\\d\\) 41234 cycles/s");
    }

    @Test
    void withoutEtaTheBarShowsTheTimeElapsedOnly() {
        try (Progress bar = Progress.drawn(line, "starting", 8, " processes", false)) {
            bar.update(4);
        }
        assertThat(lastDrawing(err())).matches("starting  50% \\[=+ +\\] 4/8 processes \\(0:00:\\d\\d\\) ");
    }

    @Test
    void linesPrintedThroughABarReachTheirStreamUnchanged() {
        StringWriter out = new StringWriter();
        try (Progress bar = Progress.drawn(line, "leasing", 2, " leases", false)) {
            bar.println(new PrintWriter(out), "leased connection(id=1)");
            bar.update(1);
        }
        assertThat(out).hasToString("leased connection(id=1)" + System.lineSeparator());
        assertThat(err()).doesNotContain("leased connection");
    }

    private static String lastDrawing(String written) {
        return Arrays.stream(written.split("\r")).filter(d -> !d.isBlank()).reduce((a, b) -> b).orElseThrow();
    }
}
