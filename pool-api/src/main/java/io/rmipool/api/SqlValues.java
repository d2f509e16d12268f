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
}
