package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SqlParameterConverterTest {
    private final SqlParameterConverter converter = new SqlParameterConverter();

    @Test
    void theFormOfAnUntypedValueDecidesItsType() {
        assertThat(converter.convert("null")).isNull();
        assertThat(converter.convert("42")).isEqualTo(42L);
        assertThat(converter.convert("-7")).isEqualTo(-7L);
        assertThat(converter.convert("9223372036854775808")).isEqualTo(new BigDecimal("9223372036854775808"));
        assertThat(converter.convert("-12.50")).isEqualTo(new BigDecimal("-12.50"));
        assertThat(converter.convert("true")).isEqualTo(true);
        assertThat(converter.convert("false")).isEqualTo(false);
        assertThat(converter.convert("alice")).isEqualTo("alice");
        assertThat(converter.convert("")).isEqualTo("");
        assertThat(converter.convert("NULL")).as("only lower-case null is NULL").isEqualTo("NULL");
        assertThat(converter.convert("1e5")).isEqualTo("1e5");
        assertThat(converter.convert("1.")).isEqualTo("1.");
        assertThat(converter.convert("http://example.com")).as("an unknown prefix").isEqualTo("http://example.com");
    }

    @Test
    void aPrefixForcesTheType() {
        assertThat(converter.convert("text:42")).isEqualTo("42");
        assertThat(converter.convert("text:null")).isEqualTo("null");
        assertThat(converter.convert("text:")).isEqualTo("");
        assertThat(converter.convert("text:a:b")).isEqualTo("a:b");
        assertThat(converter.convert("int:-3")).isEqualTo(-3L);
        assertThat(converter.convert("decimal:1e3")).isEqualTo(new BigDecimal("1e3"));
        assertThat(converter.convert("bool:TRUE")).isEqualTo(true);
        assertThat(converter.convert("date:2026-01-31")).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(converter.convert("time:13:45")).isEqualTo(LocalTime.of(13, 45));
        assertThat(converter.convert("timestamp:2026-01-31T13:45:00.5"))
                .isEqualTo(LocalDateTime.of(2026, 1, 31, 13, 45, 0, 500_000_000));
        assertThat((byte[]) converter.convert("bytes:00ff10")).containsExactly(0, 0xff, 0x10);
        assertThat((byte[]) converter.convert("bytes:")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "int:abc                  | 'int:abc' is not an integer (a long)",
            "int:9223372036854775808  | is not an integer (a long)",
            "int:                     | 'int:' is not an integer",
            "decimal:1,5              | 'decimal:1,5' is not a decimal number",
            "bool:yes                 | 'bool:yes' is not true or false",
            "date:31/01/2026          | is not an ISO date (2026-01-31)",
            "time:1pm                 | is not an ISO time",
            "timestamp:2026-01-31     | is not an ISO date and time",
            "bytes:abc                | is not an even number of hex digits",
            "bytes:zz                 | is not an even number of hex digits"})
    void aTypedValueThatDoesNotParseIsAConversionError(String value, String message) {
        assertThatThrownBy(() -> converter.convert(value.trim()))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining(message.trim());
    }
}
