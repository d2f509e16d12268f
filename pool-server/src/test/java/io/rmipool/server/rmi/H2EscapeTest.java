package io.rmipool.server.rmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.Lease;
import io.rmipool.api.PoolSession;
import io.rmipool.api.SqlFailedException;
import io.rmipool.api.SqlParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client with the secret, on the embedded H2 default: what H2 lets an admin do to the host is refused
 * to the pool's user, and the server stays up.
 */
class H2EscapeTest {
    private ServerFixture fixture;
    private PoolSession session;
    private long token;

    @TempDir
    static Path dir;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.start();
        session = fixture.login("insider");
        token = session.lease(0);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Object sql(String statement) throws Exception {
        return session.execute(token, statement, SqlParameters.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "create alias EXEC as 'String exec(String c) throws Exception { return new String(Runtime.getRuntime().exec(c).getInputStream().readAllBytes()); }'",
            "create alias HALT for 'java.lang.System.exit'",
            "select file_read('/etc/hostname')",
            "call file_write('pwned', '{dir}/pwned')",
            "runscript from '/etc/hostname'",
            "select * from csvread('/etc/hostname')",
            "call csvwrite('{dir}/pwned.csv', 'select 1')",
            "script to '{dir}/dump.sql'",
            "backup to '{dir}/backup.zip'",
            "create linked table lt('org.h2.Driver', 'jdbc:h2:mem:other', '', '', 'T')",
            "create user intruder password 'x' admin",
            "set exclusive 1",
            "shutdown"})
    void whatAnH2AdminCouldDoToTheHostIsRefused(String statement) throws Exception {
        String sql = statement.replace("{dir}", dir.toString());
        assertThatThrownBy(() -> sql(sql)).isInstanceOf(SqlFailedException.class)
                .hasMessageContaining("Admin rights are required");
        try (var files = Files.list(dir)) {
            assertThat(files).as("nothing written").isEmpty();
        }
        // the server and the database are still there
        assertThat(session.execute(token, "select 1", SqlParameters.of()).rows()).hasSize(1);
        assertThat(fixture.login("another").stats().max()).isEqualTo(2);
    }

    @Test
    void tablesSchemasAndDataStillWork() throws Exception {
        sql("create schema app");
        sql("create table app.orders(id int primary key, total decimal(10,2))");
        session.execute(token, "insert into app.orders values (?, ?)", SqlParameters.of(1, new java.math.BigDecimal("9.50")));
        assertThat(session.execute(token, "select total from app.orders", SqlParameters.of()).rows())
                .singleElement().satisfies(row -> assertThat(row.get(0)).isEqualTo(new java.math.BigDecimal("9.50")));
        sql("drop table app.orders");
    }
}
