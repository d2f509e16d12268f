package io.rmipool.client.cli;

import io.rmipool.api.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads durations as the server's command line does ({@link Durations#parse}); a bad one is a usage error.
 * Public for the other command lines built on the client (the benchmarks').
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
