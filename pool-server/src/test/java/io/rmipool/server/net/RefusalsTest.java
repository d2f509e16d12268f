package io.rmipool.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalsTest {
    private final List<String> lines = new ArrayList<>();
    private final Refusals refusals = new Refusals(lines::add);

    @Test
    void aFloodFromOneAddressIsOneLineThenOneSummary() {
        for (int i = 0; i < 48_170; i++) {
            refusals.refuse("failed login", "10.0.0.5", "wrong secret #" + i);
        }
        assertThat(lines).containsExactly(
                "refused failed login from 10.0.0.5: wrong secret #0 (more of these are summarized every minute)");
        refusals.summarize();
        assertThat(lines).hasSize(2).last().isEqualTo("refused 48169 more failed login from 10.0.0.5 in the last period");
        assertThat(refusals.count()).isEqualTo(48_170);

        // a new period starts with a detailed line again; an empty one says nothing
        refusals.summarize();
        refusals.refuse("failed login", "10.0.0.5", "again");
        assertThat(lines).hasSize(3).last().asString().contains("again");
    }

    @Test
    void kindsAndAddressesAreToldApartButTheirNumberIsBounded() {
        refusals.refuse("failed login", "10.0.0.5", "a");
        refusals.refuse("oversized call", "10.0.0.5", "b");
        refusals.refuse("failed login", "10.0.0.6", "c");
        assertThat(lines).hasSize(3);

        lines.clear();
        for (int i = 0; i < 5 * Refusals.MAX_KEYS; i++) {
            refusals.refuse("connection", "10.1." + (i / 256) + "." + (i % 256), "flood");
        }
        assertThat(lines).as("one line per key, and at most MAX_KEYS keys plus the overflow")
                .hasSizeLessThanOrEqualTo(Refusals.MAX_KEYS + 1);
        refusals.summarize();
        assertThat(lines).last().asString().contains("from (more addresses)");
    }
}
