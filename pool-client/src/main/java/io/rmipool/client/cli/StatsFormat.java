package io.rmipool.client.cli;

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
        return out.toString();
    }

    /** All fields on one line, {@code name=value} separated by spaces: for logs and pipes. */
    static String line(PoolStats s) {
        return "max=" + s.max() + " idle=" + s.idle() + " leased=" + s.leased() + " maintenance=" + s.maintenance()
                + " waiting=" + s.waiting() + " granted=" + s.granted() + " timeouts=" + s.timeouts()
                + " expired=" + s.expired() + " refused=" + s.refused()
                + " maintainer=" + (s.maintainerAlive() ? "running" : "STOPPED")
                + " target=" + s.target() + " state=" + state(s);
    }

    /** Whether the pool grants leases: {@code serving}, or {@code paused} / {@code draining} by an admin. */
    static String state(PoolStats s) {
        return s.draining() ? "draining" : s.paused() ? "paused" : "serving";
    }

    /**
     * One JSON object on one line with the gauges and counters as numbers and {@code maintainerAlive},
     * {@code paused} and {@code draining} as booleans. Written by hand: fixed names and plain values need no escaping, and a JSON library would be
     * the client's largest dependency.
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
                + "}";
    }
}
