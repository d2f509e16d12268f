package io.rmipool.client.cli;

import io.rmipool.api.FleetStats;
import io.rmipool.api.PoolStats;

/** Writes a {@link PoolStats} for people or for scripts. Stateless and thread-safe. */
final class StatsFormat {

    private StatsFormat() {
    }

    /** One {@code name: value} line per field, values aligned. */
    static String human(PoolStats s) {
        Object[][] fields = {
                {"max", s.max()}, {"idle", s.idle()}, {"leased", s.leased()}, {"maintenance", s.maintenance()},
                {"waiting", s.waiting()}, {"granted", s.granted()}, {"timeouts", s.timeouts()},
                {"expired", s.expired()}, {"refused", s.refused()},
                {"maintainer", s.maintainerAlive() ? "running" : "STOPPED (restart the server)"},
                {"target", s.target()}, {"state", state(s)}};
        StringBuilder out = new StringBuilder();
        for (Object[] field : fields) {
            if (out.length() > 0) {
                out.append(System.lineSeparator());
            }
            out.append(String.format("%-13s%s", field[0] + ":", field[1]));
        }
        FleetStats fleet = s.fleet();
        if (fleet != null) {
            out.append(System.lineSeparator()).append(String.format("%-13s%s: %d of %d connections held by %d servers",
                    "fleet:", fleet.name(), fleet.held(), fleet.cap(), fleet.members().size()));
            for (FleetStats.Member m : fleet.members()) {
                out.append(System.lineSeparator()).append(String.format("  %-24s %d connections, epoch %d%s",
                        m.endpoint(), m.connections(), m.epoch(), m.self() ? " (this server)" : ""));
            }
        }
        return out.toString();
    }

    /** All fields on one line, {@code name=value} separated by spaces: for logs and pipes. */
    static String line(PoolStats s) {
        return "max=" + s.max() + " idle=" + s.idle() + " leased=" + s.leased() + " maintenance=" + s.maintenance()
                + " waiting=" + s.waiting() + " granted=" + s.granted() + " timeouts=" + s.timeouts()
                + " expired=" + s.expired() + " refused=" + s.refused()
                + " maintainer=" + (s.maintainerAlive() ? "running" : "STOPPED")
                + " target=" + s.target() + " state=" + state(s)
                + (s.fleet() == null ? "" : " fleet_held=" + s.fleet().held() + " fleet_cap=" + s.fleet().cap()
                        + " fleet_servers=" + s.fleet().members().size());
    }

    /** Whether the pool grants leases: {@code serving}, or {@code paused} / {@code draining} by an admin. */
    static String state(PoolStats s) {
        return s.draining() ? "draining" : s.paused() ? "paused" : "serving";
    }

    /**
     * One JSON object on one line with the gauges and counters as numbers and {@code maintainerAlive},
     * {@code paused} and {@code draining} as booleans; in a fleet, a {@code fleet} object with the cap, the
     * places held and one object per server. Written by hand: fixed names and plain values need little
     * escaping, and a JSON library would be the client's largest dependency.
     */
    static String json(PoolStats s) {
        return "{\"max\":" + s.max()
                + ",\"idle\":" + s.idle()
                + ",\"leased\":" + s.leased()
                + ",\"maintenance\":" + s.maintenance()
                + ",\"waiting\":" + s.waiting()
                + ",\"granted\":" + s.granted()
                + ",\"timeouts\":" + s.timeouts()
                + ",\"expired\":" + s.expired()
                + ",\"refused\":" + s.refused()
                + ",\"maintainerAlive\":" + s.maintainerAlive()
                + ",\"target\":" + s.target()
                + ",\"paused\":" + s.paused()
                + ",\"draining\":" + s.draining()
                + (s.fleet() == null ? "" : ",\"fleet\":" + json(s.fleet()))
                + "}";
    }

    private static String json(FleetStats fleet) {
        StringBuilder members = new StringBuilder();
        for (FleetStats.Member m : fleet.members()) {
            members.append(members.length() == 0 ? "" : ",")
                    .append("{\"endpoint\":").append(quote(m.endpoint()))
                    .append(",\"epoch\":").append(m.epoch())
                    .append(",\"connections\":").append(m.connections())
                    .append(",\"self\":").append(m.self()).append('}');
        }
        return "{\"name\":" + quote(fleet.name()) + ",\"cap\":" + fleet.cap() + ",\"held\":" + fleet.held()
                + ",\"members\":[" + members + "]}";
    }

    /** A JSON string: names come from the servers, so quotes, backslashes and control characters are escaped. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : String.valueOf(text).toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
