package io.rmipool.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.client.jdbc.RmiPoolDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.commons.dbutils.DbUtils;
import org.apache.commons.dbutils.QueryRunner;
import org.apache.commons.dbutils.handlers.BeanListHandler;
import org.apache.commons.dbutils.handlers.MapListHandler;
import org.apache.commons.dbutils.handlers.ScalarHandler;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Third-party data-access libraries, unchanged, through the {@code jdbc:rmipool:} driver against a real
 * server process: JDBI and Commons DbUtils (CRUD, transactions committed and rolled back, a constraint
 * violation that arrives as the database's SQLState), Flyway migrating the database, and plain
 * {@code java.sql} through {@link DriverManager}. The same tests run on H2 (the server's default) and on
 * PostgreSQL.
 */
class JdbcLibrariesIT {
    private static final String SECRET = "it-jdbc-secret-of-32-bytes-long!";

    @Nested
    class OnH2 extends Contract {
        @Override
        PoolServerProcess startServer() throws Exception {
            return PoolServerProcess.start(SECRET, "--max-connections", "3");
        }
    }

    @Nested
    @EnabledIfPostgres
    class OnPostgres extends Contract {
        @Override
        PoolServerProcess startServer() throws Exception {
            return TestPostgres.startServerWithSecret(SECRET, "rmipool-it-jdbc", "--max-connections", "3");
        }
    }

    /** One account row, as DbUtils' BeanListHandler fills it. */
    public static final class Account {
        private int id;
        private String owner;
        private BigDecimal balance;

        public int getId() {
            return id;
        }

        public void setId(int id) {
            this.id = id;
        }

        public String getOwner() {
            return owner;
        }

        public void setOwner(String owner) {
            this.owner = owner;
        }

        public BigDecimal getBalance() {
            return balance;
        }

        public void setBalance(BigDecimal balance) {
            this.balance = balance;
        }
    }

    abstract static class Contract {
        final String table = "it_jdbc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PoolServerProcess server;
        RmiPoolDataSource dataSource;

        abstract PoolServerProcess startServer() throws Exception;

        String url() {
            return "jdbc:rmipool://" + server.address() + "/pool?leaseTimeout=10s";
        }

        @BeforeEach
        void start() throws Exception {
            server = startServer();
            dataSource = new RmiPoolDataSource();
            dataSource.setUrl(url());
            dataSource.setSecret(SECRET);
        }

        @AfterEach
        void stop() throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table if exists " + table);
                s.execute("drop table if exists " + table + "_history");
            } finally {
                dataSource.close();
                server.close();
            }
        }

        private void createAccounts(Jdbi jdbi) {
            jdbi.useHandle(h -> h.execute("create table " + table
                    + " (id int primary key, owner varchar(100) not null, balance decimal(12, 2), opened date)"));
        }

        @Test
        void jdbiRunsCrudAndTransactionsThroughThePool() {
            Jdbi jdbi = Jdbi.create(dataSource);
            createAccounts(jdbi);
            int inserted = jdbi.withHandle(h -> h.createUpdate("insert into " + table
                            + " (id, owner, balance, opened) values (:id, :owner, :balance, :opened)")
                    .bind("id", 1).bind("owner", "alice").bind("balance", new BigDecimal("100.00"))
                    .bind("opened", LocalDate.of(2026, 11, 27)).execute());
            assertThat(inserted).isEqualTo(1);

            // a transaction that fails is rolled back; one that succeeds is committed
            assertThatThrownBy(() -> jdbi.useTransaction(h -> {
                h.execute("insert into " + table + " (id, owner, balance) values (?, ?, ?)", 2, "bob", new BigDecimal("5"));
                throw new IllegalStateException("changed my mind");
            })).hasMessage("changed my mind");
            jdbi.useTransaction(h -> h.execute("insert into " + table + " (id, owner, balance) values (?, ?, ?)",
                    3, "carol", new BigDecimal("7.50")));

            List<String> owners = jdbi.withHandle(h -> h.createQuery("select owner from " + table + " order by id")
                    .mapTo(String.class).list());
            assertThat(owners).containsExactly("alice", "carol");
            Map<String, Object> alice = jdbi.withHandle(h -> h.createQuery("select * from " + table + " where id = :id")
                    .bind("id", 1).mapToMap().one());
            assertThat(((BigDecimal) alice.get("balance"))).isEqualByComparingTo("100.00");
            assertThat(alice.get("opened").toString()).isEqualTo("2026-11-27");
            int updated = jdbi.withHandle(h -> h.createUpdate("update " + table + " set balance = balance + 1 where id > :id")
                    .bind("id", 0).execute());
            assertThat(updated).isEqualTo(2);

            // the database's constraint violation arrives with its SQLState, in JDBC's class for it
            assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("insert into " + table
                    + " (id, owner, balance) values (1, 'mallory', 0)")))
                    .isInstanceOf(UnableToExecuteStatementException.class)
                    .cause().isInstanceOf(SQLIntegrityConstraintViolationException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        }

        @Test
        void commonsDbUtilsRunsCrudAndTransactionsThroughThePool() throws Exception {
            QueryRunner runner = new QueryRunner(dataSource);
            runner.update("create table " + table + " (id int primary key, owner varchar(100), balance decimal(12, 2))");
            assertThat(runner.update("insert into " + table + " values (?, ?, ?)", 1, "alice", new BigDecimal("10.00")))
                    .isEqualTo(1);
            assertThat(runner.update("insert into " + table + " values (?, ?, ?)", 2, null, null)).isEqualTo(1);

            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            new QueryRunner().update(c, "insert into " + table + " values (?, ?, ?)", 3, "dropped", BigDecimal.ONE);
            DbUtils.rollbackAndClose(c);
            Connection d = dataSource.getConnection();
            d.setAutoCommit(false);
            new QueryRunner().update(d, "insert into " + table + " values (?, ?, ?)", 4, "kept", BigDecimal.TEN);
            DbUtils.commitAndClose(d);

            Number count = runner.query("select count(*) from " + table, new ScalarHandler<>());
            assertThat(count.longValue()).isEqualTo(3);
            List<Account> accounts = runner.query("select id, owner, balance from " + table + " where owner is not null order by id",
                    new BeanListHandler<>(Account.class));
            assertThat(accounts).extracting(Account::getOwner).containsExactly("alice", "kept");
            assertThat(accounts.get(0).getBalance()).isEqualByComparingTo("10.00");
            List<Map<String, Object>> maps = runner.query("select id, owner from " + table + " where id = ?",
                    new MapListHandler(), 2);
            assertThat(maps).singleElement().satisfies(m -> assertThat(m.get("owner")).isNull());

            assertThatThrownBy(() -> runner.update("insert into " + table + " values (?, ?, ?)", 1, "again", BigDecimal.ONE))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        }

        @Test
        void flywayMigratesTheDatabaseThroughThePool() throws Exception {
            Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/rmipool-it")
                    .table(table + "_history").placeholders(Map.of("table", table)).load();
            MigrateResult first = flyway.migrate();
            assertThat(first.migrationsExecuted).isEqualTo(2);
            assertThat(flyway.migrate().migrationsExecuted).as("nothing left to do").isZero();
            assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("2");
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select owner, balance from " + table + " order by id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("owner")).isEqualTo("alice");
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("100.00");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("bob");
                assertThat(rs.next()).isFalse();
            }
        }

        /** What the README shows: nothing but java.sql, the driver found by DriverManager. */
        @Test
        void plainJavaSqlThroughDriverManager() throws Exception {
            Properties props = new Properties();
            props.setProperty("secret", SECRET);
            try (Connection c = DriverManager.getConnection(url(), props)) {
                assertThat(c.getMetaData().getDatabaseProductName()).isIn("H2", "PostgreSQL");
                assertThat(c.getAutoCommit()).isTrue();
                try (Statement s = c.createStatement()) {
                    s.execute("create table " + table + " (id int primary key, label varchar(20), at date)");
                }
                try (PreparedStatement ps = c.prepareStatement("insert into " + table + " values (?, ?, ?)")) {
                    for (int i = 1; i <= 3; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "row " + i);
                        ps.setDate(3, java.sql.Date.valueOf(LocalDate.of(2026, 1, i)));
                        ps.addBatch();
                    }
                    assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
                }
                try (PreparedStatement ps = c.prepareStatement("select id, label, at from " + table + " where id >= ? order by id")) {
                    ps.setLong(1, 2);
                    ps.setMaxRows(1);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.getMetaData().getColumnCount()).isEqualTo(3);
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong("id")).isEqualTo(2);
                        assertThat(rs.getString("id")).isEqualTo("2");
                        assertThat(rs.getObject("at", LocalDate.class)).isEqualTo(LocalDate.of(2026, 1, 2));
                        assertThat(rs.next()).as("setMaxRows(1)").isFalse();
                    }
                }
            }
        }

        @Test
        void aServerThatCannotBeReachedIsAConnectionException() throws Exception {
            Properties props = new Properties();
            props.setProperty("secret", SECRET);
            props.setProperty("connectTimeout", "2s");
            int closedPort = PoolServerProcess.freePort();
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:rmipool://127.0.0.1:" + closedPort + "/pool", props))
                    .isInstanceOf(SQLNonTransientConnectionException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
        }
    }
}
