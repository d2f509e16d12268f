package io.rmipool.server.rmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.DatabaseInfo;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.LoginMac;
import io.rmipool.api.NotAuthenticatedException;
import io.rmipool.api.PoolGateway;
import io.rmipool.api.PoolSession;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import io.rmipool.server.net.RawJrmp;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session calls a client-side JDBC driver needs: a statement's own row limit and timeout, the
 * transaction isolation, what database it is, the metadata's catalog queries. Each also gets what an attacker would send: values out of
 * range, a token it does not hold, a call over a connection that did not prove the session.
 */
class SessionJdbcCallsTest {
    private static final long EXECUTE_LIMITED = RawJrmp.methodHash(PoolSession.class, "execute", long.class,
            String.class, SqlParameters.class, int.class, int.class);
    private static final long SET_ISOLATION = RawJrmp.methodHash(PoolSession.class, "setTransactionIsolation",
            long.class, int.class);
    private static final long DATABASE_INFO = RawJrmp.methodHash(PoolSession.class, "databaseInfo");
    private static final long CATALOG = RawJrmp.methodHash(PoolSession.class, "catalog", long.class, String.class,
            SqlParameters.class);
    private static final String FIVE_ROWS = "select x from system_range(1, 5) order by x";

    private ServerFixture fixture;
    private PoolSession session;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.start();
        session = fixture.login("jdbc");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aStatementsOwnRowLimitCutsTheResultOffSilently() throws Exception {
        long token = session.lease(0);
        assertThat(session.execute(token, FIVE_ROWS, SqlParameters.of(), 2, 0).rows()).hasSize(2);
        assertThat(session.execute(token, FIVE_ROWS, SqlParameters.of(), 0, 0).rows()).hasSize(5);
        assertThat(session.execute(token, FIVE_ROWS, SqlParameters.of(), 5, 1).rows()).hasSize(5);
        // the server's own limit (100 rows in the fixture) still refuses a larger result, whatever the caller asks
        assertThatThrownBy(() -> session.execute(token, "select x from system_range(1, 101)", SqlParameters.of(), 1000, 0))
                .hasMessageContaining("more than 100 rows");
        SqlResult update = session.execute(token, "create table t (id int)", SqlParameters.of(), 1, 1);
        assertThat(update.hasRows()).isFalse();
    }

    @Test
    void negativeLimitsAndUnknownIsolationLevelsAreRefused() throws Exception {
        long token = session.lease(0);
        assertThatThrownBy(() -> session.execute(token, FIVE_ROWS, SqlParameters.of(), -1, 0))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> session.execute(token, FIVE_ROWS, SqlParameters.of(), 0, Integer.MIN_VALUE))
                .isInstanceOf(InvalidArgumentException.class);
        for (int bad : new int[] {Connection.TRANSACTION_NONE, 3, -1, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> session.setTransactionIsolation(token, bad)).isInstanceOf(InvalidArgumentException.class);
        }
        assertThatThrownBy(() -> session.setTransactionIsolation(token + (1 << 16), Connection.TRANSACTION_SERIALIZABLE))
                .isInstanceOf(LeaseNotHeldException.class);
        assertThat(session.release(token)).isTrue();
        assertThatThrownBy(() -> session.execute(token, FIVE_ROWS, SqlParameters.of(), 1, 1))
                .isInstanceOf(LeaseNotHeldException.class);
    }

    @Test
    void theIsolationLevelHoldsForTheLeaseAndIsRestoredAfterIt() throws Exception {
        long token = session.lease(0);
        session.setTransactionIsolation(token, Connection.TRANSACTION_SERIALIZABLE);
        assertThat(isolation(token)).isEqualTo("SERIALIZABLE");
        session.release(token);
        long next = session.lease(0);
        long other = session.lease(0); // both connections: one of them is the one just released
        assertThat(isolation(next)).isEqualTo("READ COMMITTED");
        assertThat(isolation(other)).isEqualTo("READ COMMITTED");
    }

    private String isolation(long token) throws Exception {
        return (String) session.execute(token, "select isolation_level from information_schema.sessions "
                + "where session_id = session_id()", SqlParameters.of()).rows().get(0).get(0);
    }

    @Test
    void theDatabaseInfoNamesTheDatabaseAndItsUser() throws Exception {
        DatabaseInfo info = session.databaseInfo();
        assertThat(info.productName()).isEqualTo("H2");
        assertThat(info.majorVersion()).isEqualTo(2);
        assertThat(info.defaultIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        assertThat(info.userName()).isNotBlank();
    }

    @Test
    void catalogQueriesRunOnTheLeasedConnectionAndRefuseAnythingElse() throws Exception {
        long token = session.lease(0);
        session.execute(token, "create table catalogued (id int primary key, name varchar(10))", SqlParameters.of());
        SqlResult tables = session.catalog(token, "getTables", SqlParameters.of(null, null, "CATALOGUED", "TABLE,BASE TABLE"));
        assertThat(tables.rows()).hasSize(1);
        SqlResult columns = session.catalog(token, "getColumns", SqlParameters.of(null, null, "CATALOGUED", null));
        assertThat(columns.rows()).hasSize(2);
        SqlResult keys = session.catalog(token, "getPrimaryKeys", SqlParameters.of(null, null, "CATALOGUED"));
        assertThat(keys.rows()).hasSize(1);
        assertThat(session.catalog(token, "getTableTypes", SqlParameters.of()).rows()).isNotEmpty();

        for (String bad : new String[] {"getProcedures", "close", "", "getConnection"}) {
            assertThatThrownBy(() -> session.catalog(token, bad, SqlParameters.of())).isInstanceOf(InvalidArgumentException.class);
        }
        assertThatThrownBy(() -> session.catalog(token, "getTables", SqlParameters.of("only one")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("expected 4 arguments");
        assertThatThrownBy(() -> session.catalog(token, "getPrimaryKeys", SqlParameters.of(1L, null, "X")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("must be text");
        assertThatThrownBy(() -> session.catalog(token, "getIndexInfo", SqlParameters.of(null, null, "X", "yes", false)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("must be a boolean");
        assertThatThrownBy(() -> session.catalog(token + (1 << 16), "getCatalogs", SqlParameters.of()))
                .isInstanceOf(LeaseNotHeldException.class);
        assertThat(session.release(token)).isTrue();
    }

    @Test
    void theNewCallsAreRefusedOverAConnectionThatDidNotProveTheSession() throws Exception {
        PoolGateway gateway = fixture.gateway();
        byte[] challenge = gateway.challenge();
        PoolSession victim = gateway.login("victim", challenge, LoginMac.compute(ServerFixture.SECRET, challenge));
        RawJrmp.Target target = RawJrmp.targetOf(victim);
        try (RawJrmp forged = RawJrmp.anonymous(fixture.port)) {
            forged.call(target, -1, DATABASE_INFO, out -> { });
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
            forged.call(target, -1, SET_ISOLATION, out -> {
                out.writeLong(1);
                out.writeInt(Connection.TRANSACTION_SERIALIZABLE);
            });
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
            forged.call(target, -1, EXECUTE_LIMITED, out -> {
                out.writeLong(1);
                out.writeObject("select 1");
                out.writeObject(SqlParameters.of());
                out.writeInt(1);
                out.writeInt(1);
            });
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
            forged.call(target, -1, CATALOG, out -> {
                out.writeLong(1);
                out.writeObject("getCatalogs");
                out.writeObject(SqlParameters.of());
            });
            assertThat(forged.result()).isInstanceOf(NotAuthenticatedException.class);
        }
        long token = session.lease(0);
        assertThat(session.release(token)).as("still serving").isTrue();
    }
}
