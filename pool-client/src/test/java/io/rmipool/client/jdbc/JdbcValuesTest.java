package io.rmipool.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcValuesTest {
    @Test
    void numbersConvertAsJdbcSaysAndOverflowIsRefused() throws Exception {
        assertThat(JdbcValues.toLong(42L, Integer.MIN_VALUE, Integer.MAX_VALUE, "int")).isEqualTo(42);
        assertThat(JdbcValues.toLong(new BigDecimal("7.9"), Long.MIN_VALUE, Long.MAX_VALUE, "long")).isEqualTo(7);
        assertThat(JdbcValues.toLong(" 12 ", Long.MIN_VALUE, Long.MAX_VALUE, "long")).isEqualTo(12);
        assertThat(JdbcValues.toLong(null, Long.MIN_VALUE, Long.MAX_VALUE, "long")).isZero();
        assertThatThrownBy(() -> JdbcValues.toLong(1L << 40, Integer.MIN_VALUE, Integer.MAX_VALUE, "int"))
                .isInstanceOf(SQLDataException.class).hasMessageContaining("as int");
        assertThatThrownBy(() -> JdbcValues.toLong("twelve", Long.MIN_VALUE, Long.MAX_VALUE, "long"))
                .isInstanceOf(SQLDataException.class);
        assertThat(JdbcValues.toBigDecimal(3)).isEqualByComparingTo("3");
        assertThat(JdbcValues.toDouble("2.5", "double")).isEqualTo(2.5);
    }

    @Test
    void textIsWhatJdbcGetStringGives() {
        assertThat(JdbcValues.toText(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(JdbcValues.toText(new byte[] {(byte) 0xca, (byte) 0xfe})).isEqualTo("cafe");
        assertThat(JdbcValues.toText(LocalDateTime.of(2026, 11, 27, 8, 30))).isEqualTo("2026-11-27 08:30:00.0");
        assertThat(JdbcValues.toText(null)).isNull();
    }

    @Test
    void getObjectGivesJavaSqlTypesAndTheClassAskedFor() throws Exception {
        assertThat(JdbcValues.toObject(LocalDate.of(2026, 1, 2))).isEqualTo(Date.valueOf("2026-01-02"));
        assertThat(JdbcValues.toObject(LocalDateTime.of(2026, 1, 2, 3, 4))).isInstanceOf(Timestamp.class);
        assertThat(JdbcValues.toClass(5L, Integer.class)).isEqualTo(5);
        assertThat(JdbcValues.toClass(LocalDate.of(2026, 1, 2), LocalDate.class)).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(JdbcValues.toClass("0f8fad5b-d9cb-469f-a165-70867728950e", UUID.class))
                .isEqualTo(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assertThat(JdbcValues.toClass(1, Boolean.class)).isTrue();
        assertThatThrownBy(() -> JdbcValues.toClass(1, Thread.class)).isInstanceOf(SQLFeatureNotSupportedException.class);
    }

    @Test
    void parametersTravelAsWireTypesOrAreRefusedByClass() throws Exception {
        assertThat(JdbcValues.toWire(Timestamp.valueOf("2026-01-02 03:04:05"))).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        assertThat(JdbcValues.toWire(Date.valueOf("2026-01-02"))).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(JdbcValues.toWire(Instant.EPOCH)).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(JdbcValues.toWire('x')).isEqualTo("x");
        assertThat(JdbcValues.toWire(7)).isEqualTo(7);
        assertThatThrownBy(() -> JdbcValues.toWire(new Object())).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
