package io.rmipool.api;

import java.io.Serializable;

/**
 * One column of a result.
 *
 * @param name the column's label
 * @param jdbcType its {@link java.sql.Types} code
 * @param typeName the database's own name for the type, e.g. {@code INTEGER}, {@code int4}
 */
public record SqlColumn(String name, int jdbcType, String typeName) implements Serializable {
}
