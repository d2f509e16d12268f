package io.rmipool.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import io.rmipool.api.SqlColumn;
import io.rmipool.api.SqlParameters;
import io.rmipool.api.SqlResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFilterTest {
    private final List<String> rejections = new ArrayList<>();

    private Object roundTrip(Object value, ObjectInputFilter filter) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        }
    }

    @Test
    void beforeLoginOnlySmallByteArraysPass() throws Exception {
        WireFilter filter = WireFilter.forGateway(rejections::add);
        assertThat(roundTrip("client-1", filter)).as("strings are bounded by the call's byte budget").isEqualTo("client-1");
        assertThat((byte[]) roundTrip(new byte[32], filter)).hasSize(32);

        // what an attacker sends before login: a big primitive array, any other class, SQL parameters
        assertThatThrownBy(() -> roundTrip(new long[16], filter)).isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(new byte[WireFilter.GATEWAY_MAX_ARRAY + 1], filter))
                .isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(SqlParameters.of("x"), filter)).isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(new HashMap<>(), filter)).isInstanceOf(InvalidClassException.class);
        assertThat(rejections).hasSize(4);
        assertThat(rejections.get(0)).contains("[J");
        assertThat(rejections.get(1)).contains("array length " + (WireFilter.GATEWAY_MAX_ARRAY + 1));
    }

    @Test
    void sessionCallsAdmitSqlParametersWithinTheCallsBudgetOnly() throws Exception {
        long[] remaining = {1 << 20};
        WireFilter filter = WireFilter.forSession(16 << 20, () -> remaining[0], rejections::add);
        SqlParameters params = SqlParameters.of("a", 1, 2L, new BigDecimal("3.14"), true, null, new byte[] {1},
                LocalDate.of(2026, 1, 1), OffsetDateTime.parse("2026-01-01T10:00:00+01:00"));
        assertThat(((SqlParameters) roundTrip(params, filter)).values()).hasSize(9).contains("a", 1, 2L);
        assertThat((byte[]) roundTrip(new byte[1000], filter)).hasSize(1000);

        // an array is checked against what is left of the call's budget before it is allocated
        remaining[0] = 999;
        assertThatThrownBy(() -> roundTrip(new byte[1000], filter)).isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(new Object[200], filter)).as("8 bytes per reference")
                .isInstanceOf(InvalidClassException.class);
        remaining[0] = Long.MAX_VALUE;
        assertThatThrownBy(() -> roundTrip(new long[2], filter)).as("no array type the methods do not need")
                .isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(new HashMap<>(), filter)).isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(new Lease(1, 1, Instant.EPOCH, Duration.ZERO), filter))
                .as("results are not arguments").isInstanceOf(InvalidClassException.class);
        assertThat(rejections).hasSize(5);
        assertThat(rejections.get(0)).contains("exceeds the 999 bytes left");
        assertThat(rejections.get(3)).contains("java.util.HashMap");
    }

    @Test
    void sqlParametersRefuseOtherTypesOnBothEnds() {
        assertThatThrownBy(() -> SqlParameters.of("ok", new java.util.Date()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameter 2 has type java.util.Date");
    }

    @Test
    void resultsAdmitRowsOfSqlValues() throws Exception {
        WireFilter filter = WireFilter.forResults(rejections::add);
        SqlResult result = SqlResult.rows(new SqlColumn[] {new SqlColumn("ID", Types.INTEGER, "INTEGER"),
                new SqlColumn("AT", Types.TIMESTAMP, "TIMESTAMP")},
                new Object[][] {{1, LocalDateTime.of(2026, 1, 1, 0, 0)}, {null, null}});
        SqlResult copy = (SqlResult) roundTrip(result, filter);
        assertThat(copy.rows()).hasSize(2);
        assertThat(copy.rows().get(0)).containsExactly(1, LocalDateTime.of(2026, 1, 1, 0, 0));
        assertThat(copy.columns().get(1).typeName()).isEqualTo("TIMESTAMP");
        assertThat(rejections).isEmpty();
    }

    @Test
    void resultsAdmitApiTypesTheirTimeValuesAndExceptions() throws Exception {
        WireFilter filter = WireFilter.forResults(rejections::add);
        Lease lease = new Lease(3, 42, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(30));
        assertThat(roundTrip(lease, filter)).isEqualTo(lease);

        LeaseNotHeldException error = new LeaseNotHeldException("lease 42 expired");
        error.addSuppressed(new IOException("also"));
        LeaseNotHeldException copy = (LeaseNotHeldException) roundTrip(error, filter);
        assertThat(copy).hasMessage("lease 42 expired");
        assertThat(copy.getSuppressed()).hasSize(1);

        assertThatThrownBy(() -> roundTrip(new HashMap<>(), filter)).isInstanceOf(InvalidClassException.class);
        assertThat(rejections).singleElement().asString().contains("java.util.HashMap");
    }
}
