package io.rmipool.api;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * One logged-in client's view of the pool. Obtained from {@link PoolGateway#login}.
 *
 * <p>A lease is identified by its token, a fencing token: unique and strictly increasing over the
 * server's life. A lease lives until it is released or until its expiry instant passes without a
 * {@link #renew(long)}; then the server takes the connection back and the token is dead for good.
 * The client library renews on its own in the background.
 *
 * <p>Every call runs on its own server thread; a session may be used from many client threads.
 * {@link #logout()} releases every lease the session still holds, and so does the server when the
 * session has had no call for its {@code --session-idle-timeout}; every call after that fails with
 * {@link SessionClosedException}.
 *
 * <p>A session is bound to the client that logged in: the server honours its calls only on connections
 * that proved the session's credential ({@link io.rmipool.api.transport.SessionCredential}); a call
 * that arrives any other way is refused with {@link NotAuthenticatedException}, whatever its arguments.
 */
public interface PoolSession extends Remote {

    /**
     * Leases one connection.
     *
     * @param timeoutMillis how long to wait for a connection when none is idle; {@code 0} fails at
     *     once. Waiters are served first come, first served.
     * @throws PoolExhaustedException when no connection became free in time
     * @throws TooManyWaitersException when the number of waiting callers is at its limit
     * @throws PoolClosedException when the server is shutting down
     * @return the new lease's token; {@link Lease#connectionIdOf} gives its connection's id, and the
     *     lease lasts {@link #leaseTtlMillis()} from its grant unless renewed
     * @throws InvalidArgumentException when {@code timeoutMillis} is negative
     */
    long lease(long timeoutMillis) throws PoolException, RemoteException;

    /** The server's lease TTL: how long a lease lasts from its grant or last renewal, in milliseconds. */
    long leaseTtlMillis() throws PoolException, RemoteException;

    /**
     * Extends a held lease by the server's lease TTL from now.
     *
     * @return the lease with its new expiry
     * @throws LeaseNotHeldException when the token expired, was released, was never granted or belongs
     *     to another session (one message for the last two, so a caller learns nothing of other sessions)
     */
    Lease renew(long token) throws PoolException, RemoteException;

    /**
     * Gives a leased connection back. The connection is rolled back, reset (auto-commit, isolation)
     * and validated before anyone else gets it.
     *
     * @return {@code true} when this call released the lease, {@code false} when this session had
     *     already released it (a double release is harmless)
     * @throws LeaseNotHeldException when the token expired, was never granted or belongs to another
     *     session; nothing changes
     */
    boolean release(long token) throws PoolException, RemoteException;

    /**
     * Runs one SQL statement on the connection of a held lease, binding {@code params} to its
     * {@code ?} placeholders with a {@code PreparedStatement}. The call is fenced: a token that expired
     * or was released is refused and never touches the connection, which may belong to someone else now.
     * A call in progress counts as a sign of life: the lease does not expire under it.
     *
     * @return the update count, or the rows (at most the server's {@code --max-result-rows})
     * @throws SqlFailedException when the database refused the statement (SQLState, vendor code, message),
     *     including the server's statement timeout
     * @throws ResultTooLargeException when the result has more rows than the server allows
     * @throws DatabaseUnavailableException when the database cannot be reached
     * @throws LeaseNotHeldException when the token is not held by this session
     */
    SqlResult execute(long token, String sql, SqlParameters params) throws PoolException, RemoteException;

    /**
     * {@link #execute(long, String, SqlParameters)} with a statement's own limits, as JDBC's
     * {@link java.sql.Statement#setMaxRows} and {@link java.sql.Statement#setQueryTimeout} set them.
     *
     * @param maxRows rows beyond this many are dropped, silently ({@code 0}: no limit of the caller's; the
     *     server's {@code --max-result-rows} still refuses a larger result)
     * @param queryTimeoutSeconds the database cancels the statement after this long ({@code 0}: the server's
     *     {@code --statement-timeout}, which is also the most a caller may ask for)
     * @throws InvalidArgumentException when {@code maxRows} or {@code queryTimeoutSeconds} is negative
     */
    SqlResult execute(long token, String sql, SqlParameters params, int maxRows, int queryTimeoutSeconds)
            throws PoolException, RemoteException;

    /**
     * {@link java.sql.Connection#setTransactionIsolation} on the leased connection, fenced like
     * {@link #execute}; the connection gets its default isolation back when the lease ends.
     *
     * @param level one of {@link java.sql.Connection#TRANSACTION_READ_UNCOMMITTED},
     *     {@code READ_COMMITTED}, {@code REPEATABLE_READ}, {@code SERIALIZABLE}
     * @throws InvalidArgumentException when {@code level} is none of those
     * @throws SqlFailedException when the database does not support the level
     */
    void setTransactionIsolation(long token, int level) throws PoolException, RemoteException;

    /**
     * One of {@link java.sql.DatabaseMetaData}'s catalog queries, on the leased connection, fenced like
     * {@link #execute}: {@code getTables(catalog, schemaPattern, tablePattern, types)} (the types one
     * comma-separated string, or null), {@code getColumns(catalog, schemaPattern, tablePattern,
     * columnPattern)}, {@code getPrimaryKeys(catalog, schema, table)}, {@code getImportedKeys},
     * {@code getExportedKeys} (the same), {@code getIndexInfo(catalog, schema, table, unique, approximate)},
     * {@code getSchemas(catalog, schemaPattern)}, {@code getCatalogs()}, {@code getTableTypes()},
     * {@code getTypeInfo()}.
     *
     * @param query the method's name
     * @param args its arguments in order: strings (or null) and, for getIndexInfo, two booleans
     * @return the rows, bounded like a statement's
     * @throws InvalidArgumentException for another name, or arguments of the wrong number or type
     */
    SqlResult catalog(long token, String query, SqlParameters args) throws PoolException, RemoteException;

    /**
     * What database the pool's connections lead to.
     *
     * @throws NotSupportedException when the server's JDBC driver could not describe it
     */
    DatabaseInfo databaseInfo() throws PoolException, RemoteException;

    /** {@link java.sql.Connection#setAutoCommit} on the leased connection. Fenced like {@link #execute}. */
    void setAutoCommit(long token, boolean autoCommit) throws PoolException, RemoteException;

    /** {@link java.sql.Connection#commit} on the leased connection. Fenced like {@link #execute}. */
    void commit(long token) throws PoolException, RemoteException;

    /** {@link java.sql.Connection#rollback} on the leased connection. Fenced like {@link #execute}. */
    void rollback(long token) throws PoolException, RemoteException;

    /** A snapshot of the pool's gauges and counters. */
    PoolStats stats() throws PoolException, RemoteException;

    /**
     * Releases every lease this session holds and closes the session; later calls are refused.
     * Idempotent.
     *
     * @throws NotAuthenticatedException when the call did not come over a connection bound to this session
     */
    void logout() throws NotAuthenticatedException, RemoteException;
}
