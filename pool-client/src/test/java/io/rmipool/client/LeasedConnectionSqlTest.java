package io.rmipool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.DatabaseUnavailableException;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.SqlResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SQL on a leased connection, against {@link FakePoolServer} over real RMI and the client's serial filter. */
class LeasedConnectionSqlTest {
    private FakePoolServer server;
    private PoolClient client;

    @BeforeAll
    static void installSerialFilter() {
        ClientSerialFilter.install();
    }

    @BeforeEach
    void start() throws Exception {
        server = FakePoolServer.start(2, null, Duration.ofSeconds(30));
        client = PoolClient.connect(new ClientSettings("localhost", server.port(), "pool", null, null,
                Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void parametersOfEveryKindTravelToTheServerAndRowsBack() throws Exception {
        Object[] params = {"alice", 42L, 7, new BigDecimal("12.50"), true, null, new byte[] {1, 2},
                LocalDate.of(2026, 1, 31), LocalDateTime.of(2026, 1, 31, 13, 45),
                OffsetDateTime.parse("2026-01-31T13:45:00+01:00")};
        try (LeasedConnection c = client.lease(Duration.ZERO)) {
            SqlResult result = c.execute("select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", params);

            assertThat(result.hasRows()).isTrue();
            assertThat(result.columns()).hasSize(params.length);
            assertThat(result.rows()).singleElement().satisfies(row -> {
                assertThat(row.subList(0, 6)).containsExactly("alice", 42L, 7, new BigDecimal("12.50"), true, null);
                assertThat((byte[]) row.get(6)).containsExactly(1, 2);
                assertThat(row.subList(7, 10)).containsExactly(params[7], params[8], params[9]);
            });
            assertThat(server.sqlCalls()).containsExactly(c.token() + " execute select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?");
        }
    }

    @Test
    void anUpdateCountComesBackWithoutRows() throws Exception {
        server.onExecute((sql, params) -> SqlResult.updateCount(3));
        try (LeasedConnection c = client.lease(Duration.ZERO)) {
            SqlResult result = c.execute("delete from t");
            assertThat(result.hasRows()).isFalse();
            assertThat(result.updateCount()).isEqualTo(3);
        }
    }

    @Test
    void aParameterOfAnotherTypeIsRefusedBeforeAnythingIsSent() throws Exception {
        try (LeasedConnection c = client.lease(Duration.ZERO)) {
            assertThatThrownBy(() -> c.execute("select ?", new java.util.Date()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("parameter 1 has type java.util.Date");
            assertThat(server.sqlCalls()).isEmpty();
        }
    }

    @Test
    void theServersSqlFailuresPassThroughUnchanged() throws Exception {
        try (LeasedConnection c = client.lease(Duration.ZERO)) {
            server.onExecute((sql, params) -> {
                throw new SqlFailedException("Table \"NO_SUCH_TABLE\" not found", "42S02", 42102);
            });
            assertThatThrownBy(() -> c.execute("select * from no_such_table"))
                    .isInstanceOfSatisfying(SqlFailedException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("42S02");
                        assertThat(e.vendorCode()).isEqualTo(42102);
                        assertThat(e).hasMessage("Table \"NO_SUCH_TABLE\" not found");
                    });

            server.onExecute((sql, params) -> {
                throw new ResultTooLargeException("more than 10000 rows");
            });
            assertThatThrownBy(() -> c.execute("select * from big")).isInstanceOf(ResultTooLargeException.class);

            server.onExecute((sql, params) -> {
                throw new DatabaseUnavailableException("database db.internal is unavailable");
            });
            assertThatThrownBy(() -> c.execute("select 1")).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("db.internal");
        }
    }

    @Test
    void transactionCallsCarryTheLeasesToken() throws Exception {
        try (LeasedConnection c = client.lease(Duration.ZERO)) {
            c.setAutoCommit(false);
            c.execute("insert into t values (1)");
            c.rollback();
            c.execute("insert into t values (2)");
            c.commit();
            long t = c.token();
            assertThat(server.sqlCalls()).containsExactly(t + " setAutoCommit false", t + " execute insert into t values (1)",
                    t + " rollback", t + " execute insert into t values (2)", t + " commit");
        }
    }

    /** The fencing: once the server took the lease back, the old holder's calls never reach the connection. */
    @Test
    void callsOnALeaseTheServerTookBackAreRefused() throws Exception {
        LeasedConnection c = client.lease(Duration.ZERO);
        server.expire(c.token());

        assertThatThrownBy(() -> c.execute("update t set x = 1")).isInstanceOf(LeaseNotHeldException.class);
        assertThatThrownBy(c::commit).isInstanceOf(LeaseNotHeldException.class);
        assertThat(server.sqlCalls()).isEmpty();
        c.close();
    }

    @Test
    void aClosedConnectionRefusesCallsItself() throws Exception {
        LeasedConnection c = client.lease(Duration.ZERO);
        c.close();

        assertThatThrownBy(() -> c.execute("select 1")).isInstanceOf(IllegalStateException.class)
                .hasMessage("connection(id=" + c.connectionId() + ") is closed");
        assertThatThrownBy(c::rollback).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.setAutoCommit(true)).isInstanceOf(IllegalStateException.class);
        assertThat(server.sqlCalls()).isEmpty();
    }

    @Test
    void aServerThatWentAwayIsUnreachable() throws Exception {
        LeasedConnection c = client.lease(Duration.ZERO);
        int port = server.port();
        server.close();
        server = null;

        assertThatThrownBy(() -> c.execute("select 1")).isInstanceOf(ServerUnreachableException.class)
                .hasMessageStartingWith("cannot reach pool server at localhost:" + port);
        // in this JVM the old connection still reaches RMI, which no longer knows the session: the lease
        // is known to be lost, and later calls say so without a round trip
        assertThat(c.isLost()).isTrue();
        assertThatThrownBy(c::commit).isInstanceOf(io.rmipool.api.LeaseNotHeldException.class)
                .hasMessageContaining("was lost: cannot reach pool server");
        // Closing logs out: unreachable, or (when a connection RMI keeps open in this JVM reaches its
        // runtime first, which no longer knows the session) nothing to log out of. Either way it returns.
        Throwable closing = org.assertj.core.api.Assertions.catchThrowable(client::close);
        assertThat(closing).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(ServerUnreachableException.class));
    }
}
