package io.rmipool.client.cli;

import java.io.PrintStream;
import java.util.function.IntSupplier;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * The terminal line a progress bar is drawn on: every drawing goes back to the start of the line and
 * overwrites it, and {@link #clear()} blanks it and leaves the cursor at its start, so that what prints
 * next takes its place. (The library's own console consumer ends a bar with a line break, which would
 * leave an empty line before the command's result.) {@link #above} prints other lines without tearing
 * the bar.
 *
 * <p>Thread-safe: the library draws from its thread and the command prints from its own; each holds
 * this object's lock while it writes.
 */
final class TerminalLine implements ProgressBarConsumer {
    private final PrintStream terminal;
    private final IntSupplier width;
    /** What the line shows now; empty when it is blank. */
    private String drawn = "";

    /**
     * @param terminal where the bar goes (stderr)
     * @param width the terminal's width in columns, asked before every drawing
     */
    TerminalLine(PrintStream terminal, IntSupplier width) {
        this.terminal = terminal;
        this.width = width;
    }

    /** One column less than the terminal has: a character in the last column makes some terminals wrap. */
    @Override
    public int getMaxRenderedLength() {
        return width.getAsInt() - 1;
    }

    @Override
    public synchronized void accept(String rendered) {
        terminal.print("\r" + rendered);
        terminal.flush();
        drawn = rendered;
    }

    /** Blanks the line (the bar is ASCII: one column per character) and goes back to its start. */
    @Override
    public synchronized void clear() {
        if (!drawn.isEmpty()) {
            terminal.print("\r" + " ".repeat(drawn.length()) + "\r");
            terminal.flush();
            drawn = "";
        }
    }

    /**
     * Clears the bar and runs {@code print}, which writes whole lines and flushes them. The library's
     * next redraw, a moment later, draws the bar again below them: drawing here what was drawn before
     * would show a count that may be stale for a whole phase (a demo's leases come in well within one
     * redraw interval).
     */
    synchronized void above(Runnable print) {
        clear();
        print.run();
    }

    /** Only flushes: the stream is stderr, which stays open, and {@link #clear()} has blanked the bar. */
    @Override
    public void close() {
        terminal.flush();
    }
}
