package io.rmipool.client.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One progress bar of a {@link ProgressDisplay}, or {@link #NONE}: then every method does only the
 * printing it is asked for, so a command calls the same methods on a terminal as in a pipe, and its
 * stdout is the same byte for byte.
 *
 * <p>The command's thread updates, prints through and closes it; the library redraws it from its own
 * thread. Lines printed through {@link #println} and {@link #stray} take the {@link TerminalLine}'s
 * lock, as the redraws do, so that a line never lands inside the bar.
 */
final class Progress implements AutoCloseable {
    /** No bar: progress does not show. */
    static final Progress NONE = new Progress(null, null);
    /** How often a bar is redrawn: smooth to the eye, next to nothing for this process. */
    static final int REDRAW_MILLIS = 100;

    private final ProgressBar bar;
    private final TerminalLine line;

    private Progress(ProgressBar bar, TerminalLine line) {
        this.bar = bar;
        this.line = line;
    }

    /**
     * A bar drawn on {@code line} by me.tongfei:progressbar: {@code task}, how far it is, the count of
     * {@code max} {@code unit}s (e.g. {@code " processes"}), the time elapsed and, with {@code eta}, the
     * time left at the rate so far. It is drawn at once and then every {@link #REDRAW_MILLIS} from the
     * library's thread, until {@link #close()}.
     */
    static Progress drawn(TerminalLine line, String task, long max, String unit, boolean eta) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(unit, 1)
                .setStyle(ProgressBarStyle.ASCII) // whatever the terminal's character set
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .continuousUpdate() // the elapsed time moves on while the count waits (workers starting)
                .clearDisplayOnFinish()
                .setConsumer(line);
        if (!eta) {
            builder.hideEta();
        }
        return new Progress(builder.build(), line);
    }

    /** The count so far. */
    void update(long current) {
        if (bar != null) {
            bar.stepTo(current);
        }
    }

    /** The count so far, and {@code message} after the times. */
    void update(long current, String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
            bar.stepTo(current);
        }
    }

    /** A line of the command's output on {@code out} (stdout), printed above the bar. */
    void println(PrintWriter out, String text) {
        above(() -> {
            out.println(text);
            out.flush();
        });
    }

    /** A line from a worker that is not part of the protocol, on stderr above the bar. */
    void stray(String text) {
        above(() -> System.err.println(text));
    }

    private void above(Runnable print) {
        if (line == null) {
            print.run();
        } else {
            line.above(print);
        }
    }

    /**
     * Draws the bar a last time and clears it: the cursor is back at the start of its line, where the
     * command's next line prints. Waits for the library's thread to have drawn.
     */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            // The library clears only a bar it had drawn before close: one closed within its first
            // moments (a demo's leases can all come in a millisecond) is drawn by close and left standing.
            line.clear();
        }
    }
}
