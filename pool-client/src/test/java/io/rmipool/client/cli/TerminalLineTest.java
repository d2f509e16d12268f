package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalLineTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final TerminalLine line = new TerminalLine(new PrintStream(err, true, StandardCharsets.UTF_8), () -> 40);

    private String written() {
        String s = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return s;
    }

    @Test
    void leavesTheLastColumnFree() {
        assertThat(line.getMaxRenderedLength()).isEqualTo(39);
    }

    @Test
    void drawsOverTheLineFromItsStart() {
        line.accept("starting 1/2");
        line.accept("starting 2/2");
        assertThat(written()).isEqualTo("\rstarting 1/2\rstarting 2/2");
    }

    @Test
    void clearingBlanksWhatWasDrawnAndLeavesTheCursorAtTheStartWithoutANewLine() {
        line.accept("stress 10%");
        written();
        line.clear();
        assertThat(written()).isEqualTo("\r          \r");
        line.clear();
        assertThat(written()).as("nothing left to clear").isEmpty();
    }

    @Test
    void linesPrintWhereTheBarWasAndTheNextDrawingIsBelowThem() {
        line.accept("leasing 3/11");
        written();
        line.above(() -> err.writeBytes("leased connection(id=4)\n".getBytes(StandardCharsets.UTF_8)));
        line.accept("leasing 4/11");
        assertThat(written()).isEqualTo("\r            \r" + "leased connection(id=4)\n" + "\rleasing 4/11");
    }

    @Test
    void withNoBarDrawnALineOnlyPrints() {
        line.above(() -> err.writeBytes("stray\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(written()).isEqualTo("stray\n");
    }
}
