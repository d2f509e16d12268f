package io.rmipool.client.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --timeout} of the commands that lease one connection in this process ({@code lease}, {@code sql}). */
final class LeaseTimeout {
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to wait for a connection when none is idle (default: ${DEFAULT-VALUE}).")
    Duration value;
}
