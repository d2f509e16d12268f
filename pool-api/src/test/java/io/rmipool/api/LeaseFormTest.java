package io.rmipool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rmipool.api.transport.WireFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A lease's serial form: what crosses the wire for every lease call. */
class LeaseFormTest {
    private final List<String> rejected = new ArrayList<>();

    @Test
    void aLeaseCrossesTheWireWholeUnderOneDescriptorThroughTheClientsFilter() throws Exception {
        Lease lease = new Lease(7, 123_456_789_012L, Instant.parse("2026-11-27T02:40:00.123456789Z"), Duration.ofMillis(30_000));

        byte[] wire = serialize(lease);

        assertThat(deserialize(wire)).isEqualTo(lease);
        assertThat(rejected).isEmpty();
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(LeaseForm.class.getName()).doesNotContain("java.time").doesNotContain("Lease;");
    }

    @Test
    void valuesNoLeaseCanHaveAreRefused() throws Exception {
        for (Lease bad : List.of(
                new Lease(-1, 1, Instant.EPOCH, Duration.ofSeconds(1)),
                new Lease(0, 1, Instant.EPOCH, Duration.ofSeconds(-1)))) {
            byte[] wire = serialize(bad);
            assertThatThrownBy(() -> deserialize(wire)).as("%s", bad).isInstanceOf(InvalidObjectException.class)
                    .hasMessageStartingWith("not a lease");
        }
    }

    @Test
    void anExpiryOutsideInstantsRangeIsRefused() throws Exception {
        byte[] wire = serialize(new Lease(0, 1, Instant.MAX, Duration.ofSeconds(1)));
        // Instant.MAX's seconds, one more: patch the eight bytes after the id and the token
        String marker = LeaseForm.class.getName();
        int at = new String(wire, StandardCharsets.ISO_8859_1).indexOf(marker) + marker.length();
        long maxSeconds = Instant.MAX.getEpochSecond();
        int offset = indexOfLong(wire, at, maxSeconds);
        writeLong(wire, offset, maxSeconds + 1);

        assertThatThrownBy(() -> deserialize(wire)).isInstanceOf(InvalidObjectException.class)
                .hasMessageStartingWith("not a lease");
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private Object deserialize(byte[] wire) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(wire))) {
            in.setObjectInputFilter(WireFilter.forResults(rejected::add));
            return in.readObject();
        }
    }

    private static int indexOfLong(byte[] bytes, int from, long value) {
        for (int i = from; i + 8 <= bytes.length; i++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v = (v << 8) | (bytes[i + k] & 0xff);
            }
            if (v == value) {
                return i;
            }
        }
        throw new AssertionError("value not found");
    }

    private static void writeLong(byte[] bytes, int at, long value) {
        for (int k = 7; k >= 0; k--) {
            bytes[at + k] = (byte) value;
            value >>>= 8;
        }
    }
}
