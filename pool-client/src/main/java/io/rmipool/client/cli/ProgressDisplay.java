package io.rmipool.client.cli;

import java.io.IOError;
import java.io.IOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Where {@code demo} and {@code stress} show their progress: on a terminal, one line on stderr that is
 * redrawn in place (a {@link Progress}); in a pipe or a file, nowhere, so that redirected output carries
 * the results and nothing else. stdout is the same either way.
 *
 * <p>Progress shows when stdin and stdout are a terminal ({@code System.console()}, as {@code stats
 * --watch} tells), stderr, where the bar goes, is one too (JLine 3 tells), and neither
 * {@code --no-progress} nor {@code --verbose} was given: a verbose run's log lines, from this process and
 * from its workers, would tear through the bar. When progress does not show, JLine is not loaded, the
 * terminal is asked nothing, and the workers report no progress.
 *
 * <p>JLine also gives the terminal's width, read once and again when the window is resized (SIGWINCH):
 * its portable way of asking runs {@code stty}, which every redraw would otherwise do, ten times a
 * second next to a benchmark. A bar is a nicety: when JLine fails, the command runs as in a pipe.
 *
 * <p>Opened and closed by the command's thread; {@link #width()} is read from the library's thread.
 */
final class ProgressDisplay implements AutoCloseable {
    /** The {@code --no-progress} option's help, shared by {@code demo} and {@code stress}. */
    static final String NO_PROGRESS_HELP = "Show no progress. Progress shows on stderr only when stdin, stdout and"
            + " stderr are a terminal, and not with --verbose.";
    /** For a terminal that reports no usable width (some report 0), as the library does. */
    private static final int DEFAULT_WIDTH = 80;
    private static final int MIN_WIDTH = 10;
    private static final ProgressDisplay NONE = new ProgressDisplay(null);

    /** Null when progress does not show. */
    private final Terminal terminal;
    private volatile int width;

    private ProgressDisplay(Terminal terminal) {
        this.terminal = terminal;
    }

    /**
     * Whether progress may show, before stderr is asked: on a terminal ({@code console}: stdin and
     * stdout are one), unless {@code --no-progress} or {@code --verbose}.
     */
    static boolean wanted(boolean noProgress, boolean verbose, boolean console) {
        return console && !noProgress && !verbose;
    }

    /** The display for a command run with these options: a terminal's stderr, or none. */
    static ProgressDisplay open(boolean noProgress, boolean verbose) {
        if (!wanted(noProgress, verbose, System.console() != null)) {
            return NONE;
        }
        Terminal terminal;
        try {
            // A system terminal on stderr: JLine makes a dumb one instead when stderr is not a terminal.
            // No signal handlers of JLine's own: Ctrl+C stays the JVM's, as without a bar.
            terminal = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                    .nativeSignals(false).dumb(true).build();
        } catch (IOException | RuntimeException e) {
            return NONE; // silently: a bar is a nicety, and --verbose, which would log why, shows none anyway
        }
        ProgressDisplay display = new ProgressDisplay(terminal);
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            display.close();
            return NONE;
        }
        display.askWidth();
        terminal.handle(Terminal.Signal.WINCH, signal -> display.askWidth());
        return display;
    }

    /** Asks the terminal its width; 0 (then {@link #width()} says 80) when it cannot tell. */
    private void askWidth() {
        try {
            width = terminal.getWidth();
        } catch (IOError | RuntimeException e) {
            width = 0;
        }
    }

    /** Whether bars show; then the stress workers report their progress. */
    boolean shown() {
        return terminal != null;
    }

    /** The terminal's width in columns. */
    int width() {
        int w = width;
        return w >= MIN_WIDTH ? w : DEFAULT_WIDTH;
    }

    /**
     * A bar for {@code task} on stderr (see {@link Progress#drawn}); {@link Progress#NONE} when progress
     * does not show.
     */
    Progress bar(String task, long max, String unit, boolean eta) {
        if (terminal == null) {
            return Progress.NONE;
        }
        return Progress.drawn(new TerminalLine(System.err, this::width), task, max, unit, eta);
    }

    /** Gives the terminal back as it was: the JVM's own SIGWINCH handling, the settings JLine read. */
    @Override
    public void close() {
        if (terminal != null) {
            try {
                terminal.handle(Terminal.Signal.WINCH, Terminal.SignalHandler.SIG_DFL);
                terminal.close();
            } catch (IOException | RuntimeException e) {
                // Ignored: the command's output is complete by now, and a bar must not fail the command.
            }
        }
    }
}
