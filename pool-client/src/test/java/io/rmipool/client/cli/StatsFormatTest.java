package io.rmipool.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.FleetStats;
import io.rmipool.api.PoolStats;
import java.util.LinkedHashMap;
import java.util.List;
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

    private static final PoolStats IN_A_FLEET = STATS.withFleet(new FleetStats("orders", 6, 5, List.of(
            new FleetStats.Member("a.example:1099", 12, 3, true),
            new FleetStats.Member("b\"x\\:1100", 13, 2, false))));

    @Test
    void aFleetMemberShowsTheFleetAfterItsOwnFigures() {
        String[] lines = StatsFormat.human(IN_A_FLEET).split("\\R");
        assertThat(lines).hasSize(15);
        assertThat(lines[11]).isEqualTo("state:       paused");
        assertThat(List.of(lines).subList(12, 15)).containsExactly(
                "fleet:       orders: 5 of 6 connections held by 2 servers",
                "  a.example:1099           3 connections, epoch 12 (this server)",
                "  b\"x\\:1100                2 connections, epoch 13");
        assertThat(StatsFormat.line(IN_A_FLEET)).endsWith(" state=paused fleet_held=5 fleet_cap=6 fleet_servers=2");
    }

    @Test
    void aFleetMemberAddsAFleetObjectToItsJsonWithTheServersNamesEscaped() {
        String json = StatsFormat.json(IN_A_FLEET);
        assertThat(json).doesNotContain("\n").startsWith(StatsFormat.json(STATS).replaceAll("}$", ""))
                .endsWith(",\"fleet\":{\"name\":\"orders\",\"cap\":6,\"held\":5,\"members\":["
                        + "{\"endpoint\":\"a.example:1099\",\"epoch\":12,\"connections\":3,\"self\":true},"
                        + "{\"endpoint\":\"b\\\"x\\\\:1100\",\"epoch\":13,\"connections\":2,\"self\":false}]}}");
        assertThat(StatsFormat.quote("tab\there")).isEqualTo("\"tab\\u0009here\"");
    }
}
