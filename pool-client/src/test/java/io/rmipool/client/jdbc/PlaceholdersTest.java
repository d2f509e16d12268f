package io.rmipool.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    @Test
    void countsTheQuestionMarksTheDatabaseBinds() {
        assertThat(Placeholders.count("select 1")).isZero();
        assertThat(Placeholders.count("insert into t values (?, ?, ?)")).isEqualTo(3);
        assertThat(Placeholders.count("select '?', \"a?b\" from t where x = ? and y = 'it''s ?'")).isEqualTo(1);
        assertThat(Placeholders.count("select ? -- a comment?\n, ? /* another? */ from t")).isEqualTo(2);
        assertThat(Placeholders.count("select data ?? 'key' from t where id = ?")).isEqualTo(1);
        assertThat(Placeholders.count("select 'unterminated ?")).isZero();
    }
}
