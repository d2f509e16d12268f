package io.rmipool.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.ResultTooLargeException;
import io.rmipool.api.SqlColumn;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqlRunnerTest {
    private final SqlRunner runner = new SqlRunner(new SqlLimits(3, Duration.ofSeconds(1)));
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID());
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private SqlResult run(String sql, Object... params) throws Exception {
        return runner.run(c, sql, SqlParameters.of(params));
    }

    @Test
    void bindsParametersAndReturnsPlainValues() throws Exception {
        assertThat(run("create table t(id int, price decimal(10,2), ok boolean, born date, seen timestamp, "
                + "zoned timestamp with time zone, data varbinary(4), note varchar(10))").updateCount()).isZero();
        SqlResult insert = run("insert into t values (?, ?, ?, ?, ?, ?, ?, ?)", 7, new BigDecimal("9.50"), true,
                LocalDate.of(2026, 11, 26), LocalDateTime.of(2026, 11, 26, 17, 0),
                OffsetDateTime.parse("2026-11-26T17:00:00+02:00"), new byte[] {1, 2}, null);
        assertThat(insert.hasRows()).isFalse();
        assertThat(insert.updateCount()).isEqualTo(1);

        SqlResult select = run("select * from t where id = ?", 7);
        assertThat(select.hasRows()).isTrue();
        assertThat(select.columns()).extracting(SqlColumn::name)
                .containsExactly("ID", "PRICE", "OK", "BORN", "SEEN", "ZONED", "DATA", "NOTE");
        assertThat(select.columns().get(0).jdbcType()).isEqualTo(Types.INTEGER);
        assertThat(select.rows()).singleElement().satisfies(row -> {
            assertThat(row.subList(0, 6)).containsExactly(7, new BigDecimal("9.50"), true,
                    LocalDate.of(2026, 11, 26), LocalDateTime.of(2026, 11, 26, 17, 0),
                    OffsetDateTime.parse("2026-11-26T17:00:00+02:00"));
            assertThat((byte[]) row.get(6)).containsExactly(1, 2);
            assertThat(row.get(7)).isNull();
        });
    }

    @Test
    void parametersAreBoundNotConcatenated() throws Exception {
        run("create table users(name varchar(50))");
        run("insert into users values (?)", "alice");
        SqlResult injected = run("select count(*) from users where name = ?", "x' or '1'='1");
        assertThat(injected.rows().get(0)).containsExactly(0L);
    }

    @Test
    void aResultLargerThanTheLimitIsRefused() throws Exception {
        assertThat(run("select x from system_range(1, 3)").rows()).hasSize(3);
        assertThatThrownBy(() -> run("select x from system_range(1, 4)"))
                .isInstanceOf(ResultTooLargeException.class)
                .hasMessageContaining("more than 3 rows");
    }

    @Test
    void aStatementRunningPastTheTimeoutIsCancelled() {
        assertThatThrownBy(() -> run("select count(*) from system_range(1, 100000) a, system_range(1, 100000) b where a.x + b.x = 0"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
    }

    /** A class whose deserialization the test would notice. */
    static final class Tripwire implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean deserialized;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialized = true;
        }
    }

    @Test
    void aStoredJavaObjectComesBackAsItsBytesAndIsNeverDeserialized() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new Tripwire());
        }
        SqlResult result = run("select cast(? as java_object) as o", (Object) bytes.toByteArray());
        assertThat(result.rows().get(0).get(0)).isEqualTo(bytes.toByteArray());
        assertThat(Tripwire.deserialized).isFalse();
    }
}
