package io.rmipool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.client.jdbc.RmiPoolDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC driver's behaviour against the fake server (which echoes parameters back as one row): what it
 * sends, how it converts, and the error it gives for a closed connection, a lost lease, no free
 * connection and every feature it does not have.
 */
class JdbcDriverTest {
    private FakePoolServer server;
    private RmiPoolDataSource dataSource;

    @BeforeAll
    static void installSerialFilter() {
        ClientSerialFilter.install();
    }

    @BeforeEach
    void start() throws Exception {
        server = FakePoolServer.start(1, "s3cret".getBytes(), Duration.ofSeconds(30));
        dataSource = new RmiPoolDataSource();
        dataSource.setUrl("jdbc:rmipool://localhost:" + server.port() + "/pool?leaseTimeout=200ms");
        dataSource.setSecret("s3cret");
    }

    @AfterEach
    void stop() throws Exception {
        dataSource.close();
        server.close();
    }

    @Test
    void aPreparedStatementSendsItsParametersAndReadsTheRowBack() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select ?, ?")) {
            assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(2);
            ps.setInt(1, 42);
            ps.setNull(2, Types.VARCHAR);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(42);
                assertThat(rs.getString("p1")).isEqualTo("42");
                assertThat(rs.getString(2)).isNull();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getInt(2)).isZero();
                assertThat(rs.next()).isFalse();
            }
            ps.clearParameters();
            ps.setInt(1, 1);
            assertThatThrownBy(ps::executeQuery).hasMessageContaining("parameter 2 of 2 is not set");
        }
        assertThat(server.sqlCalls()).anyMatch(call -> call.contains("execute select ?, ? maxRows=0 timeout=0"));
    }

    @Test
    void transactionsFollowJdbcsRulesForAutoCommit() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getAutoCommit()).isTrue();
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class).hasMessage("cannot commit with auto-commit on");
            c.setAutoCommit(false);
            c.commit();
            c.rollback();
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        }
        assertThat(server.sqlCalls()).anyMatch(s -> s.endsWith("setAutoCommit false")).anyMatch(s -> s.endsWith("commit"))
                .anyMatch(s -> s.endsWith("rollback")).anyMatch(s -> s.endsWith("setTransactionIsolation 8"));
    }

    @Test
    void closeGivesTheConnectionBackAndAClosedOneRefusesWith08003() throws Exception {
        Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        assertThat(server.leasedCount()).isEqualTo(1);
        c.close();
        c.close(); // idempotent
        assertThat(server.leasedCount()).isZero();
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        assertThatThrownBy(() -> s.executeQuery("select 1")).isInstanceOf(SQLNonTransientConnectionException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    }

    @Test
    void aLeaseTheServerTookBackIs08003() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("select 1");
            long token = Long.parseLong(server.sqlCalls().get(0).split(" ")[0]);
            server.expire(token);
            assertThatThrownBy(() -> s.execute("select 1")).isInstanceOf(SQLNonTransientConnectionException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
            assertThat(c.isValid(1)).isFalse();
        }
    }

    @Test
    void noFreeConnectionWithinTheLeaseTimeoutIsATransientConnectionError() throws Exception {
        try (Connection held = dataSource.getConnection()) {
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        }
    }

    @Test
    void everyMissingFeatureSaysWhatItIs() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertUnsupported(() -> c.prepareCall("call p()"), "stored procedure calls");
            assertUnsupported(c::setSavepoint, "savepoints");
            assertUnsupported(c::createBlob, "LOB objects");
            assertUnsupported(() -> c.prepareStatement("insert", Statement.RETURN_GENERATED_KEYS), "generated keys");
            assertUnsupported(s::getGeneratedKeys, "generated keys");
            assertUnsupported(() -> c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY),
                    "scrollable results");
            assertUnsupported(() -> c.setNetworkTimeout(Runnable::run, 1000), "setNetworkTimeout");
            try (PreparedStatement ps = c.prepareStatement("select ?")) {
                assertUnsupported(() -> ps.setObject(1, new Object()), "java.lang.Object");
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertUnsupported(() -> rs.updateInt(1, 2), "updateInt");
                    assertUnsupported(() -> rs.getBlob(1), "getBlob");
                    assertThatThrownBy(() -> rs.absolute(1)).hasMessageContaining("TYPE_FORWARD_ONLY");
                }
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertUnsupported(Call call, String named) {
        assertThatThrownBy(call::run).isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining(named);
    }
}
