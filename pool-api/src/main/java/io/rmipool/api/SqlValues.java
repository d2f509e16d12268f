package io.rmipool.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * The plain JDK values that travel as SQL parameters and result cells: {@code null}, {@code String},
 * {@code Boolean}, the boxed integers and floats, {@code BigDecimal}, {@code byte[]}, and the
 * {@code java.time} types JDBC 4.2 maps dates and times to. Nothing else crosses the wire in either
 * direction, so neither end ever deserializes a driver's or an application's class.
 */
public final class SqlValues {
    /** Every class a value may have. */
    public static final Set<Class<?>> TYPES = Set.of(
            String.class, Boolean.class, Byte.class, Short.class, Integer.class, Long.class,
            Float.class, Double.class, BigDecimal.class, byte[].class,
            LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class);

    /**
     * The most digits a {@code BigDecimal} value may have, and the largest magnitude of its scale. A
     * value like {@code 1E+100000000} is a few bytes on the wire and minutes of CPU when a driver turns it
     * into text, before the statement timeout even starts; nobody's data needs more than this.
     */
    public static final int MAX_DECIMAL_DIGITS = 1000;
    /** A BigInteger of more bits has more than {@link #MAX_DECIMAL_DIGITS} digits (checked before counting them). */
    private static final int MAX_DECIMAL_BITS = (int) Math.ceil(MAX_DECIMAL_DIGITS / Math.log10(2));

    private SqlValues() {
    }

    /** Whether {@code value} may cross the wire: null or one of {@link #TYPES}. */
    public static boolean isAllowed(Object value) {
        return value == null || TYPES.contains(value.getClass());
    }

    /**
     * @throws IllegalArgumentException naming the position and class of the first value that is not allowed
     */
    static void requireAllowed(Object[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!isAllowed(values[i])) {
                throw new IllegalArgumentException(what + " " + (i + 1) + " has type "
                        + values[i].getClass().getName() + "; allowed: null, String, Boolean, Byte, Short, Integer, "
                        + "Long, Float, Double, BigDecimal, byte[], LocalDate, LocalTime, LocalDateTime, OffsetDateTime");
            }
        }
    }

    /**
     * For parameters, which the server hands to a driver: every {@code BigDecimal} has at most
     * {@link #MAX_DECIMAL_DIGITS} digits and a scale within plus or minus that. Call after
     * {@link #requireAllowed}, so that every value is of an exact allowed class.
     *
     * @throws IllegalArgumentException naming the position of the first value out of bounds
     */
    static void requireBoundedDecimals(Object[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof BigDecimal) {
                requireBounded((BigDecimal) values[i], what + " " + (i + 1));
            }
        }
    }

    private static void requireBounded(BigDecimal d, String what) {
        // bitLength is O(1); precision() of a huge value is not, so it comes second
        if (d.unscaledValue().bitLength() > MAX_DECIMAL_BITS || d.precision() > MAX_DECIMAL_DIGITS
                || Math.abs((long) d.scale()) > MAX_DECIMAL_DIGITS) {
            throw new IllegalArgumentException(what + " is a BigDecimal beyond " + MAX_DECIMAL_DIGITS
                    + " digits or a scale of +/-" + MAX_DECIMAL_DIGITS);
        }
    }
}
