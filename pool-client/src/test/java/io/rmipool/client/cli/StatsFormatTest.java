package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.PoolStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatsFormatTest {
    private static final PoolStats STATS = new PoolStats(10, 6, 3, 1, 2, 12_345_678_901L, 4, 5, 6, true, 8, true, false);

    @Test
    void jsonIsOneObjectOnOneLineWithTheNumericKeysAndTheBooleanStates() {
        String json = StatsFormat.json(STATS);
        assertThat(json).doesNotContain("\n").startsWith("{").endsWith("}");
        Map<String, Long> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\":(-?\\d+)").matcher(json);
        while (m.find()) {
            fields.put(m.group(1), Long.parseLong(m.group(2)));
        }
        // nothing but "key":number pairs separated by commas, then the boolean
        assertThat(json.replaceAll("\"\\w+\":-?\\d+", ""))
                .isEqualTo("{,,,,,,,,,\"maintainerAlive\":true,,\"paused\":true,\"draining\":false}");
        assertThat(fields).containsExactly(
                Map.entry("max", 10L), Map.entry("idle", 6L), Map.entry("leased", 3L), Map.entry("maintenance", 1L),
                Map.entry("waiting", 2L),
                Map.entry("granted", 12_345_678_901L), Map.entry("timeouts", 4L), Map.entry("expired", 5L),
                Map.entry("refused", 6L), Map.entry("target", 8L));
    }

    @Test
    void humanFormIsOneAlignedLinePerField() {
        assertThat(StatsFormat.human(STATS).split("\\R")).containsExactly(
                "max:         10",
                "idle:        6",
                "leased:      3",
                "maintenance: 1",
                "waiting:     2",
                "granted:     12345678901",
                "timeouts:    4",
                "expired:     5",
                "refused:     6",
                "maintainer:  running",
                "target:      8",
                "state:       paused");
    }
}
