package io.rmipool.client.cli;

/** A spawned worker process died, hung or broke the protocol; the command exits with {@link #exitCode()}. */
final class WorkerFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    WorkerFailedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The worker's own exit code when it is one of {@link ExitCode}'s, else {@link ExitCode#ERROR}. */
    int exitCode() {
        return exitCode;
    }
}
