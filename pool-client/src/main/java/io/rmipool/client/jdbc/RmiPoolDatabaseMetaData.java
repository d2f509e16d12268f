package io.rmipool.client.jdbc;

import io.rmipool.api.DatabaseInfo;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The metadata of a pooled connection: the real database's name, version and yes-or-no facts (as the
 * server's driver reported them when the pool opened: {@link DatabaseInfo}), and this driver's own
 * abilities where they differ from the database's (no generated keys, savepoints, stored procedure
 * calls, scrollable or updatable results, several open results). The common catalog queries
 * ({@code getTables}, {@code getColumns}, {@code getPrimaryKeys}, {@code getImportedKeys},
 * {@code getExportedKeys}, {@code getIndexInfo}, {@code getSchemas}, {@code getCatalogs},
 * {@code getTableTypes}, {@code getTypeInfo}) run on the server's connection of the lease; the others
 * throw {@link java.sql.SQLFeatureNotSupportedException}. Immutable.
 */
final class RmiPoolDatabaseMetaData implements DatabaseMetaData {
    static final String DRIVER_NAME = "RMI Pool JDBC driver";
    static final int DRIVER_MAJOR = 0;
    static final int DRIVER_MINOR = 1;

    /** What this driver cannot do, whatever the database can. */
    private static final Set<String> DRIVER_CANNOT = Set.of(
            "supportsGetGeneratedKeys", "generatedKeyAlwaysReturned", "supportsSavepoints", "supportsNamedParameters",
            "supportsStoredProcedures", "supportsStoredFunctionsUsingCallSyntax", "allProceduresAreCallable",
            "supportsMultipleOpenResults", "supportsMultipleResultSets", "supportsPositionedDelete",
            "supportsPositionedUpdate", "supportsStatementPooling", "supportsRefCursors", "supportsSharding",
            "locatorsUpdateCopy", "autoCommitFailureClosesAllResultSets");
    /** What this driver does whatever the database says: results are read in full, so they outlive a commit. */
    private static final Set<String> DRIVER_CAN = Set.of(
            "supportsBatchUpdates", "supportsOpenCursorsAcrossCommit", "supportsOpenCursorsAcrossRollback",
            "supportsOpenStatementsAcrossCommit", "supportsOpenStatementsAcrossRollback");

    private final RmiPoolConnection connection;
    private final String url;
    private final DatabaseInfo database;
    private final Set<String> features;

    RmiPoolDatabaseMetaData(RmiPoolConnection connection, String url, DatabaseInfo database) {
        this.connection = connection;
        this.url = url;
        this.database = database;
        this.features = Set.copyOf(database.features());
    }

    /** One of the catalog queries the server runs on the connection's own metadata. */
    private ResultSet catalog(String query, List<Object> args) throws SQLException {
        return new RmiPoolResultSet(null, connection.catalog(query, args));
    }

    /** A yes-or-no fact: this driver's answer where it has one, else the database's. */
    private boolean fact(String name) {
        if (DRIVER_CANNOT.contains(name)) {
            return false;
        }
        return DRIVER_CAN.contains(name) || features.contains(name);
    }

    // ------------------------------------------------------------------ the database and the driver

    @Override
    public String getDatabaseProductName() {
        return database.productName();
    }

    @Override
    public String getDatabaseProductVersion() {
        return database.productVersion();
    }

    @Override
    public int getDatabaseMajorVersion() {
        return database.majorVersion();
    }

    @Override
    public int getDatabaseMinorVersion() {
        return database.minorVersion();
    }

    @Override
    public String getURL() {
        return url;
    }

    @Override
    public String getUserName() {
        return database.userName();
    }

    @Override
    public String getDriverName() {
        return DRIVER_NAME;
    }

    @Override
    public String getDriverVersion() {
        return DRIVER_MAJOR + "." + DRIVER_MINOR + " (over " + database.driverName() + " " + database.driverVersion() + ")";
    }

    @Override
    public int getDriverMajorVersion() {
        return DRIVER_MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return DRIVER_MINOR;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 2;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public int getDefaultTransactionIsolation() {
        return database.defaultIsolation();
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return fact("supportsTransactions") && (level == Connection.TRANSACTION_READ_UNCOMMITTED
                || level == Connection.TRANSACTION_READ_COMMITTED || level == Connection.TRANSACTION_REPEATABLE_READ
                || level == Connection.TRANSACTION_SERIALIZABLE);
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean insertsAreDetected(int type) {
        return false;
    }

    /** Which conversions CONVERT supports is the database's to say, and the pool does not ask it. */
    @Override
    public boolean supportsConvert(int fromType, int toType) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.supportsConvert(int, int)");
    }

    @Override
    public RowIdLifetime getRowIdLifetime() {
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public int getSQLStateType() {
        return sqlStateSQL;
    }

    // ------------------------------------------------------------------ SQL words: the standard's

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    @Override
    public String getSearchStringEscape() {
        return "\\";
    }

    @Override
    public String getExtraNameCharacters() {
        return "";
    }

    @Override
    public String getSQLKeywords() {
        return "";
    }

    @Override
    public String getNumericFunctions() {
        return "";
    }

    @Override
    public String getStringFunctions() {
        return "";
    }

    @Override
    public String getSystemFunctions() {
        return "";
    }

    @Override
    public String getTimeDateFunctions() {
        return "";
    }

    @Override
    public String getSchemaTerm() {
        return "schema";
    }

    @Override
    public String getProcedureTerm() {
        return "procedure";
    }

    @Override
    public String getCatalogTerm() {
        return "catalog";
    }

    @Override
    public String getCatalogSeparator() {
        return ".";
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return JdbcErrors.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // ------------------------------------------------------------------ features: yes or no

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        return fact("allProceduresAreCallable");
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        return fact("allTablesAreSelectable");
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        return fact("autoCommitFailureClosesAllResultSets");
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        return fact("dataDefinitionCausesTransactionCommit");
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        return fact("dataDefinitionIgnoredInTransactions");
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        return fact("doesMaxRowSizeIncludeBlobs");
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        return fact("generatedKeyAlwaysReturned");
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        return fact("isCatalogAtStart");
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        return fact("locatorsUpdateCopy");
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        return fact("nullPlusNonNullIsNull");
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        return fact("nullsAreSortedAtEnd");
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        return fact("nullsAreSortedAtStart");
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        return fact("nullsAreSortedHigh");
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        return fact("nullsAreSortedLow");
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        return fact("storesLowerCaseIdentifiers");
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        return fact("storesLowerCaseQuotedIdentifiers");
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        return fact("storesMixedCaseIdentifiers");
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        return fact("storesMixedCaseQuotedIdentifiers");
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        return fact("storesUpperCaseIdentifiers");
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        return fact("storesUpperCaseQuotedIdentifiers");
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        return fact("supportsANSI92EntryLevelSQL");
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        return fact("supportsANSI92FullSQL");
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        return fact("supportsANSI92IntermediateSQL");
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        return fact("supportsAlterTableWithAddColumn");
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        return fact("supportsAlterTableWithDropColumn");
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        return fact("supportsBatchUpdates");
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        return fact("supportsCatalogsInDataManipulation");
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        return fact("supportsCatalogsInIndexDefinitions");
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        return fact("supportsCatalogsInPrivilegeDefinitions");
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        return fact("supportsCatalogsInProcedureCalls");
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        return fact("supportsCatalogsInTableDefinitions");
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        return fact("supportsColumnAliasing");
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        return fact("supportsConvert");
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        return fact("supportsCoreSQLGrammar");
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        return fact("supportsCorrelatedSubqueries");
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        return fact("supportsDataDefinitionAndDataManipulationTransactions");
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        return fact("supportsDataManipulationTransactionsOnly");
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        return fact("supportsDifferentTableCorrelationNames");
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        return fact("supportsExpressionsInOrderBy");
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        return fact("supportsExtendedSQLGrammar");
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        return fact("supportsFullOuterJoins");
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        return fact("supportsGetGeneratedKeys");
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        return fact("supportsGroupBy");
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        return fact("supportsGroupByBeyondSelect");
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        return fact("supportsGroupByUnrelated");
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        return fact("supportsIntegrityEnhancementFacility");
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        return fact("supportsLikeEscapeClause");
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        return fact("supportsLimitedOuterJoins");
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        return fact("supportsMinimumSQLGrammar");
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        return fact("supportsMixedCaseIdentifiers");
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        return fact("supportsMixedCaseQuotedIdentifiers");
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        return fact("supportsMultipleOpenResults");
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        return fact("supportsMultipleResultSets");
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        return fact("supportsMultipleTransactions");
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        return fact("supportsNamedParameters");
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        return fact("supportsNonNullableColumns");
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        return fact("supportsOpenCursorsAcrossCommit");
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        return fact("supportsOpenCursorsAcrossRollback");
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        return fact("supportsOpenStatementsAcrossCommit");
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        return fact("supportsOpenStatementsAcrossRollback");
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        return fact("supportsOrderByUnrelated");
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        return fact("supportsOuterJoins");
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        return fact("supportsPositionedDelete");
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        return fact("supportsPositionedUpdate");
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        return fact("supportsSavepoints");
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        return fact("supportsSchemasInDataManipulation");
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        return fact("supportsSchemasInIndexDefinitions");
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        return fact("supportsSchemasInPrivilegeDefinitions");
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        return fact("supportsSchemasInProcedureCalls");
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        return fact("supportsSchemasInTableDefinitions");
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        return fact("supportsSelectForUpdate");
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        return fact("supportsStatementPooling");
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        return fact("supportsStoredFunctionsUsingCallSyntax");
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        return fact("supportsStoredProcedures");
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        return fact("supportsSubqueriesInComparisons");
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        return fact("supportsSubqueriesInExists");
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        return fact("supportsSubqueriesInIns");
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        return fact("supportsSubqueriesInQuantifieds");
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        return fact("supportsTableCorrelationNames");
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        return fact("supportsTransactions");
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        return fact("supportsUnion");
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        return fact("supportsUnionAll");
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        return fact("usesLocalFilePerTable");
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        return fact("usesLocalFiles");
    }

    // ------------------------------------------------------------------ limits: none known

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxConnections() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxStatements() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        return 0; // no limit known to the driver
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        return 0; // no limit known to the driver
    }

    // ------------------------------------------------------------------ catalog queries: not through the pool

    @Override
    public ResultSet getAttributes(String p1, String p2, String p3, String p4) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getAttributes (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getBestRowIdentifier(String p1, String p2, String p3, int p4, boolean p5) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getBestRowIdentifier (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return catalog("getCatalogs", List.of());
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getClientInfoProperties (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getColumnPrivileges(String p1, String p2, String p3, String p4) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getColumnPrivileges (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getColumns(String p1, String p2, String p3, String p4) throws SQLException {
        return catalog("getColumns", Arrays.asList(p1, p2, p3, p4));
    }

    @Override
    public ResultSet getCrossReference(String p1, String p2, String p3, String p4, String p5, String p6) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getCrossReference (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getExportedKeys(String p1, String p2, String p3) throws SQLException {
        return catalog("getExportedKeys", Arrays.asList(p1, p2, p3));
    }

    @Override
    public ResultSet getFunctionColumns(String p1, String p2, String p3, String p4) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getFunctionColumns (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getFunctions(String p1, String p2, String p3) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getFunctions (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getImportedKeys(String p1, String p2, String p3) throws SQLException {
        return catalog("getImportedKeys", Arrays.asList(p1, p2, p3));
    }

    @Override
    public ResultSet getIndexInfo(String p1, String p2, String p3, boolean p4, boolean p5) throws SQLException {
        return catalog("getIndexInfo", Arrays.asList(p1, p2, p3, p4, p5));
    }

    @Override
    public ResultSet getPrimaryKeys(String p1, String p2, String p3) throws SQLException {
        return catalog("getPrimaryKeys", Arrays.asList(p1, p2, p3));
    }

    @Override
    public ResultSet getProcedureColumns(String p1, String p2, String p3, String p4) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getProcedureColumns (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getProcedures(String p1, String p2, String p3) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getProcedures (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getPseudoColumns(String p1, String p2, String p3, String p4) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getPseudoColumns (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return catalog("getSchemas", Arrays.asList(null, null));
    }

    @Override
    public ResultSet getSchemas(String p1, String p2) throws SQLException {
        return catalog("getSchemas", Arrays.asList(p1, p2));
    }

    @Override
    public ResultSet getSuperTables(String p1, String p2, String p3) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getSuperTables (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getSuperTypes(String p1, String p2, String p3) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getSuperTypes (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getTablePrivileges(String p1, String p2, String p3) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getTablePrivileges (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return catalog("getTableTypes", List.of());
    }

    @Override
    public ResultSet getTables(String p1, String p2, String p3, String[] p4) throws SQLException {
        return catalog("getTables", Arrays.asList(p1, p2, p3, p4 == null ? null : String.join(",", p4)));
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return catalog("getTypeInfo", List.of());
    }

    @Override
    public ResultSet getUDTs(String p1, String p2, String p3, int[] p4) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getUDTs (query the database's own catalog, e.g. information_schema)");
    }

    @Override
    public ResultSet getVersionColumns(String p1, String p2, String p3) throws SQLException {
        throw JdbcErrors.unsupported("DatabaseMetaData.getVersionColumns (query the database's own catalog, e.g. information_schema)");
    }

}
