package io.rmipool.api;

import java.io.Serializable;
import java.util.List;

/**
 * What database the pool's connections lead to, as its JDBC driver describes it: what a client-side
 * {@link java.sql.DatabaseMetaData} needs to tell libraries (Flyway, JDBI) which database they talk to.
 * Read by the server from one of its connections when the pool opens.
 *
 * @param productName e.g. {@code H2}, {@code PostgreSQL}
 * @param productVersion the database's version string
 * @param majorVersion the database's major version
 * @param minorVersion the database's minor version
 * @param driverName the server's JDBC driver, e.g. {@code PostgreSQL JDBC Driver}
 * @param driverVersion its version
 * @param userName the database user the pool's connections log in as
 * @param defaultIsolation the connections' transaction isolation when opened (and after every lease)
 * @param features the database's yes-or-no facts: the names of the no-argument boolean methods of its
 *     {@link java.sql.DatabaseMetaData} that answered true ({@code supportsGroupBy},
 *     {@code storesUpperCaseIdentifiers}, ...)
 */
public record DatabaseInfo(String productName, String productVersion, int majorVersion, int minorVersion,
                           String driverName, String driverVersion, String userName, int defaultIsolation,
                           List<String> features)
        implements Serializable {
}
