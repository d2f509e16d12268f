package io.rmipool.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.Lease;
import io.rmipool.api.LeaseNotHeldException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
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
    void callArgumentsAdmitStringsAndSmallByteArraysOnly() throws Exception {
        WireFilter filter = WireFilter.forCallArguments(rejections::add);
        assertThat(roundTrip("client-1", filter)).isEqualTo("client-1");
        assertThat((byte[]) roundTrip(new byte[32], filter)).hasSize(32);

        assertThatThrownBy(() -> roundTrip(new HashMap<>(), filter)).isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(new byte[5000], filter)).isInstanceOf(InvalidClassException.class);
        assertThat(rejections).hasSize(2);
        assertThat(rejections.get(0)).contains("java.util.HashMap");
        assertThat(rejections.get(1)).contains("array length 5000");
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
