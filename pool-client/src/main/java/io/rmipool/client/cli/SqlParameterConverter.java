package io.rmipool.client.cli;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads one {@code --param} value of the {@code sql} command into a SQL parameter.
 *
 * <p>Without a prefix the value's form decides: {@code null} is SQL NULL, an integer literal that fits a
 * long is a {@code Long} (a longer one a {@code BigDecimal}), a decimal literal ({@code -12.50}) is a
 * {@code BigDecimal}, {@code true} and {@code false} are {@code Boolean}s, and anything else is a
 * {@code String}. A prefix forces the type, e.g. {@code text:42} for the string "42":
 * {@value #PREFIXES}. A forced value that does not parse is a usage error.
 *
 * <p>Stateless and thread-safe.
 */
final class SqlParameterConverter implements CommandLine.ITypeConverter<Object> {
    static final String PREFIXES = "text:, int:, decimal:, bool:, date:, time:, timestamp:, bytes:";
    private static final Set<String> TYPED =
            Set.of("text", "int", "decimal", "bool", "date", "time", "timestamp", "bytes");

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    @Override
    public Object convert(String value) {
        int colon = value.indexOf(':');
        String prefix = colon < 0 ? "" : value.substring(0, colon);
        // any other prefix, e.g. of a URL or a "key:value", leaves a plain string
        if (!TYPED.contains(prefix)) {
            return inferred(value);
        }
        try {
            return typed(prefix, value.substring(colon + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not " + expected(prefix));
        }
    }

    private static Object typed(String prefix, String value) {
        return switch (prefix) {
            case "text" -> value;
            case "int" -> Long.parseLong(value);
            case "decimal" -> new BigDecimal(value);
            case "bool" -> bool(value);
            case "date" -> LocalDate.parse(value);
            case "time" -> LocalTime.parse(value);
            case "timestamp" -> LocalDateTime.parse(value);
            case "bytes" -> HexFormat.of().parseHex(value);
            default -> throw new IllegalStateException("no conversion for " + prefix);
        };
    }

    private static Object inferred(String value) {
        if (value.equals("null")) {
            return null;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        if (INTEGER.matcher(value).matches()) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return new BigDecimal(value); // all digits, but beyond a long
            }
        }
        if (DECIMAL.matcher(value).matches()) {
            return new BigDecimal(value);
        }
        return value;
    }

    private static Boolean bool(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            return Boolean.valueOf(lower);
        }
        throw new IllegalArgumentException(value);
    }

    private static String expected(String prefix) {
        return switch (prefix) {
            case "int" -> "an integer (a long)";
            case "decimal" -> "a decimal number";
            case "bool" -> "true or false";
            case "date" -> "an ISO date (2026-01-31)";
            case "time" -> "an ISO time (13:45:00)";
            case "timestamp" -> "an ISO date and time (2026-01-31T13:45:00)";
            default -> "an even number of hex digits";
        };
    }
}
