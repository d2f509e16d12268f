package io.rmipool.api;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The values bound to a statement's {@code ?} placeholders, in order. Each is one of
 * {@link SqlValues#TYPES} or null, and a {@code BigDecimal} has at most
 * {@link SqlValues#MAX_DECIMAL_DIGITS} digits; this is checked when the parameters are made and again
 * when they are deserialized. Immutable and thread-safe.
 */
public final class SqlParameters implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final SqlParameters NONE = new SqlParameters(new Object[0]);

    private final Object[] values;

    private SqlParameters(Object[] values) {
        this.values = values;
    }

    /**
     * @throws IllegalArgumentException when a value is not one of {@link SqlValues#TYPES}
     */
    public static SqlParameters of(Object... values) {
        if (values == null || values.length == 0) {
            return NONE;
        }
        Object[] copy = values.clone();
        SqlValues.requireAllowed(copy, "parameter");
        SqlValues.requireBoundedDecimals(copy, "parameter");
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] instanceof byte[]) {
                copy[i] = ((byte[]) copy[i]).clone();
            }
        }
        return new SqlParameters(copy);
    }

    public int size() {
        return values.length;
    }

    /** The values as an unmodifiable list ({@code byte[]} values are shared: do not modify them). */
    public List<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (values == null) {
            throw new InvalidObjectException("no parameter array");
        }
        try {
            SqlValues.requireAllowed(values, "parameter");
            SqlValues.requireBoundedDecimals(values, "parameter");
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return values.length + " parameter(s)";
    }
}
