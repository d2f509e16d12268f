package io.rmipool.api;

/**
 * The database refused a statement. Carries what the driver said, as plain values: no driver
 * exception class ever crosses the wire.
 */
public final class SqlFailedException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;
    private final int vendorCode;

    public SqlFailedException(String message, String sqlState, int vendorCode) {
        super(message);
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
    }

    /** The five-character SQLSTATE, e.g. {@code 42P01} (undefined table); may be null. */
    public String sqlState() {
        return sqlState;
    }

    /** The database vendor's own error code (0 when it has none). */
    public int vendorCode() {
        return vendorCode;
    }
}
