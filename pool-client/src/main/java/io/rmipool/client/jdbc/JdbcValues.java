package io.rmipool.client.jdbc;

import io.rmipool.api.SqlValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.UUID;

/**
 * JDBC's conversions between the values that travel ({@link SqlValues#TYPES}) and what callers pass and
 * ask for: {@code getInt} on a BIGINT, {@code getString} on a number, {@code setTimestamp} as a
 * {@link LocalDateTime}, {@code getObject} on a DATE as a {@link java.sql.Date} (as JDBC drivers answer).
 * A conversion that would lose or invent information (a number out of an int's range, text that is no
 * number) is refused with {@link SQLDataException}. Stateless.
 */
final class JdbcValues {
    private static final HexFormat HEX = HexFormat.of();

    private JdbcValues() {
    }

    // ------------------------------------------------------------------ to the wire

    /**
     * A parameter as it can travel.
     *
     * @throws SQLFeatureNotSupportedException for a class that has no such form (a stream, a LOB, a custom class)
     */
    static Object toWire(Object x) throws SQLException {
        if (x == null || SqlValues.isAllowed(x)) {
            return x;
        }
        if (x instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (x instanceof Date d) {
            return d.toLocalDate();
        }
        if (x instanceof Time t) {
            return t.toLocalTime();
        }
        if (x instanceof java.util.Date d) {
            return new Timestamp(d.getTime()).toLocalDateTime();
        }
        if (x instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (x instanceof ZonedDateTime z) {
            return z.toOffsetDateTime();
        }
        if (x instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (x instanceof Character || x instanceof UUID) {
            return x.toString();
        }
        if (x instanceof Enum<?> e) {
            return e.name();
        }
        throw new SQLFeatureNotSupportedException("a parameter of class " + x.getClass().getName()
                + " cannot be sent to the pool; use one of " + SqlValues.TYPES.stream().map(Class::getSimpleName).sorted().toList());
    }

    // ------------------------------------------------------------------ from the wire

    /** {@code getObject(int)}: dates and times as {@code java.sql} types, as JDBC drivers answer. */
    static Object toObject(Object v) {
        if (v instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        if (v instanceof LocalTime t) {
            return Time.valueOf(t);
        }
        if (v instanceof LocalDateTime t) {
            return Timestamp.valueOf(t);
        }
        if (v instanceof OffsetDateTime t) {
            return Timestamp.from(t.toInstant());
        }
        return v;
    }

    static String toText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return HEX.formatHex(b);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof LocalDateTime t) {
            return Timestamp.valueOf(t).toString();
        }
        return v.toString();
    }

    static boolean toBoolean(Object v) throws SQLException {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true") || t.equals("1") || t.equalsIgnoreCase("t") || t.equalsIgnoreCase("yes")) {
                return true;
            }
            if (t.equalsIgnoreCase("false") || t.equals("0") || t.equalsIgnoreCase("f") || t.equalsIgnoreCase("no")) {
                return false;
            }
        }
        throw cannot(v, "boolean");
    }

    static long toLong(Object v, long min, long max, String type) throws SQLException {
        if (v == null) {
            return 0;
        }
        long n;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number number) {
            BigDecimal d = v instanceof BigDecimal b ? b : BigDecimal.valueOf(number.doubleValue());
            try {
                n = d.setScale(0, java.math.RoundingMode.DOWN).longValueExact(); // JDBC truncates, as drivers do
            } catch (ArithmeticException e) {
                throw cannot(v, type);
            }
        } else if (v instanceof Boolean b) {
            n = b ? 1 : 0;
        } else if (v instanceof String s) {
            try {
                n = new BigDecimal(s.trim()).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw cannot(v, type);
            }
        } else {
            throw cannot(v, type);
        }
        if (n < min || n > max) {
            throw cannot(v, type);
        }
        return n;
    }

    static double toDouble(Object v, String type) throws SQLException {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(v, type);
            }
        }
        throw cannot(v, type);
    }

    static BigDecimal toBigDecimal(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(v, "BigDecimal");
            }
        }
        throw cannot(v, "BigDecimal");
    }

    static byte[] toBytes(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        throw cannot(v, "byte[]");
    }

    static LocalDate toLocalDate(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        if (v instanceof OffsetDateTime t) {
            return t.toLocalDate();
        }
        if (v instanceof String s) {
            try {
                return LocalDate.parse(s.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw cannot(v, "date");
            }
        }
        throw cannot(v, "date");
    }

    static LocalTime toLocalTime(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalTime t) {
            return t;
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalTime();
        }
        if (v instanceof OffsetDateTime t) {
            return t.toLocalTime();
        }
        if (v instanceof String s) {
            try {
                return LocalTime.parse(s.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw cannot(v, "time");
            }
        }
        throw cannot(v, "time");
    }

    static LocalDateTime toLocalDateTime(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (v instanceof OffsetDateTime t) {
            return t.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        }
        if (v instanceof String s) {
            try {
                return Timestamp.valueOf(s.trim()).toLocalDateTime();
            } catch (IllegalArgumentException e) {
                throw cannot(v, "timestamp");
            }
        }
        throw cannot(v, "timestamp");
    }

    static OffsetDateTime toOffsetDateTime(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof OffsetDateTime t) {
            return t;
        }
        if (v instanceof LocalDateTime t) {
            return t.atZone(ZoneId.systemDefault()).toOffsetDateTime();
        }
        throw cannot(v, "OffsetDateTime");
    }

    /** {@code getObject(int, Class)}: the conversions above, by the class asked for. */
    @SuppressWarnings("unchecked")
    static <T> T toClass(Object v, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("getObject needs a class");
        }
        if (v == null) {
            return null;
        }
        Object converted;
        if (type == Object.class) {
            converted = toObject(v);
        } else if (type.isInstance(v)) {
            converted = v instanceof byte[] b ? b.clone() : v;
        } else if (type == String.class) {
            converted = toText(v);
        } else if (type == Integer.class) {
            converted = (int) toLong(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        } else if (type == Long.class) {
            converted = toLong(v, Long.MIN_VALUE, Long.MAX_VALUE, "long");
        } else if (type == Short.class) {
            converted = (short) toLong(v, Short.MIN_VALUE, Short.MAX_VALUE, "short");
        } else if (type == Byte.class) {
            converted = (byte) toLong(v, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
        } else if (type == Boolean.class) {
            converted = toBoolean(v);
        } else if (type == Double.class) {
            converted = toDouble(v, "double");
        } else if (type == Float.class) {
            converted = (float) toDouble(v, "float");
        } else if (type == BigDecimal.class) {
            converted = toBigDecimal(v);
        } else if (type == BigInteger.class) {
            converted = toBigDecimal(v).toBigInteger();
        } else if (type == LocalDate.class) {
            converted = toLocalDate(v);
        } else if (type == LocalTime.class) {
            converted = toLocalTime(v);
        } else if (type == LocalDateTime.class) {
            converted = toLocalDateTime(v);
        } else if (type == OffsetDateTime.class) {
            converted = toOffsetDateTime(v);
        } else if (type == OffsetTime.class) {
            converted = toOffsetDateTime(v).toOffsetTime();
        } else if (type == Instant.class) {
            converted = toOffsetDateTime(v).toInstant();
        } else if (type == Date.class) {
            converted = Date.valueOf(toLocalDate(v));
        } else if (type == Time.class) {
            converted = Time.valueOf(toLocalTime(v));
        } else if (type == Timestamp.class || type == java.util.Date.class) {
            converted = Timestamp.valueOf(toLocalDateTime(v));
        } else if (type == UUID.class) {
            try {
                converted = UUID.fromString(toText(v));
            } catch (IllegalArgumentException e) {
                throw cannot(v, "UUID");
            }
        } else {
            throw new SQLFeatureNotSupportedException("getObject as " + type.getName() + " is not supported; the value is a "
                    + v.getClass().getSimpleName());
        }
        return (T) converted;
    }

    private static SQLDataException cannot(Object v, String type) {
        String shown = v instanceof byte[] b ? b.length + " bytes" : "'" + v + "'";
        return new SQLDataException("cannot read " + shown + " (" + v.getClass().getSimpleName() + ") as " + type, "22018");
    }
}
