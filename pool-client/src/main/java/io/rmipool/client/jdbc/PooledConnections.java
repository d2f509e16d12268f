package io.rmipool.client.jdbc;

import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.PoolException;
import io.rmipool.client.LeasedConnection;
import io.rmipool.client.PoolClient;
import io.rmipool.client.ServerUnreachableException;
import java.sql.Connection;
import java.sql.SQLException;

/** Leases a connection for the driver and the data source alike. Stateless. */
final class PooledConnections {
    private PooledConnections() {
    }

    /** Logs in with {@code config}'s settings: one session, shared by every connection it leases. */
    static PoolClient logIn(JdbcConfig config) throws SQLException {
        try {
            return PoolClient.connect(config.settings());
        } catch (PoolException e) {
            throw JdbcErrors.of(e);
        } catch (ServerUnreachableException e) {
            throw new java.sql.SQLNonTransientConnectionException(e.getMessage(), JdbcErrors.UNABLE_TO_CONNECT, e);
        }
    }

    /**
     * Leases one connection, waiting at most the config's lease timeout.
     *
     * @throws java.sql.SQLTransientConnectionException (08001) when none became free in time
     */
    static Connection lease(JdbcConfig config, PoolClient client) throws SQLException {
        LeasedConnection lease;
        DatabaseInfo database;
        try {
            database = client.databaseInfo();
            lease = client.lease(config.leaseTimeout());
        } catch (PoolException e) {
            throw JdbcErrors.of(e);
        } catch (ServerUnreachableException e) {
            throw new java.sql.SQLNonTransientConnectionException(e.getMessage(), JdbcErrors.UNABLE_TO_CONNECT, e);
        }
        return new RmiPoolConnection(config, client, lease, database);
    }
}
