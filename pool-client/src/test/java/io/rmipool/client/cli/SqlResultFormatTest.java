package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.SqlColumn;
import io.rmipool.api.SqlResult;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlResultFormatTest {
    private static final SqlColumn ID = new SqlColumn("ID", Types.INTEGER, "INTEGER");
    private static final SqlColumn NAME = new SqlColumn("NAME", Types.VARCHAR, "CHARACTER VARYING");

    @Test
    void anUpdateIsItsCount() {
        assertThat(SqlResultFormat.text(SqlResult.updateCount(1))).isEqualTo("updated 1 rows");
        assertThat(SqlResultFormat.text(SqlResult.updateCount(0))).isEqualTo("updated 0 rows");
    }

    @Test
    void rowsAreATableWithHeaderSeparatorAndCount() {
        SqlResult result = SqlResult.rows(new SqlColumn[] {ID, NAME},
                new Object[][] {{1, "alice"}, {1234567, null}, {42, "bob"}});
        assertThat(SqlResultFormat.text(result).split("\n", -1)).containsExactly(
                "ID      | NAME",
                "--------+------",
                "      1 | alice",
                "1234567 | NULL",
                "     42 | bob",
                "(3 rows)");
    }

    @Test
    void anEmptyResultStillShowsItsColumns() {
        SqlResult result = SqlResult.rows(new SqlColumn[] {ID, NAME}, new Object[0][]);
        assertThat(SqlResultFormat.text(result).split("\n", -1)).containsExactly("ID | NAME", "---+-----", "(0 rows)");
    }

    @Test
    void aWideValueIsCutToTheMaximumWidth() {
        String wide = "x".repeat(100);
        SqlResult result = SqlResult.rows(new SqlColumn[] {NAME, ID}, new Object[][] {{wide, 1}});
        String[] lines = SqlResultFormat.text(result).split("\n");
        assertThat(lines[2]).isEqualTo("x".repeat(39) + "… |  1");
        assertThat(lines[0]).isEqualTo("NAME" + " ".repeat(36) + " | ID");
    }

    @Test
    void cellsShowNullBinaryDecimalsAndLineBreaksReadably() {
        assertThat(SqlResultFormat.cell(null)).isEqualTo("NULL");
        assertThat(SqlResultFormat.cell(new byte[] {0, (byte) 0xAB, 0x10})).isEqualTo("0x00ab10");
        assertThat(SqlResultFormat.cell(new byte[0])).isEqualTo("0x");
        byte[] blob = new byte[1 << 20];
        Arrays.fill(blob, (byte) 0xff);
        assertThat(SqlResultFormat.cell(blob)).isEqualTo("0x" + "ff".repeat(18) + "…").hasSizeLessThanOrEqualTo(40);
        assertThat(SqlResultFormat.cell(new byte[19])).isEqualTo("0x" + "00".repeat(19));
        assertThat(SqlResultFormat.cell(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(SqlResultFormat.cell("two\nlines\tand\r")).isEqualTo("two\\nlines\\tand\\r");
        assertThat(SqlResultFormat.cell(LocalDate.of(2026, 1, 31))).isEqualTo("2026-01-31");
        assertThat(SqlResultFormat.cell(true)).isEqualTo("true");
    }

    @Test
    void aDemoRowIsItsCellsUnpadded() {
        assertThat(SqlResultFormat.row(Arrays.asList(7, null, "x"))).isEqualTo("7 | NULL | x");
        assertThat(SqlResultFormat.row(List.of(3))).isEqualTo("3");
    }
}
