package io.rmipool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SqlParametersTest {

    @Test
    void decimalsWithinAThousandDigitsPass() {
        BigDecimal big = new BigDecimal(BigInteger.TEN.pow(999), 1000); // 1000 digits, scale 1000
        assertThat(SqlParameters.of(big, new BigDecimal("1E+1000"), new BigDecimal("-1E-1000")).size()).isEqualTo(3);
    }

    @Test
    void decimalsThatWouldCostMinutesOfCpuAreRefusedOnTheClient() {
        assertThatThrownBy(() -> SqlParameters.of("x", new BigDecimal("1E+100000000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameter 2 is a BigDecimal beyond 1000 digits");
        assertThatThrownBy(() -> SqlParameters.of(new BigDecimal("1E-1001"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlParameters.of(new BigDecimal(BigInteger.TEN.pow(1000))))
                .as("1001 digits").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHandBuiltStreamWithAHugeDecimalIsRefusedWhenDeserialized() throws Exception {
        // what an attacker who bypasses SqlParameters.of sends: the same object, its array edited
        SqlParameters params = SqlParameters.of(BigDecimal.ONE);
        Field values = SqlParameters.class.getDeclaredField("values");
        values.setAccessible(true);
        ((Object[]) values.get(params))[0] = new BigDecimal("1E+100000000");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(params);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThatThrownBy(in::readObject).isInstanceOf(InvalidObjectException.class)
                    .hasMessageContaining("beyond 1000 digits");
        }
    }
}
