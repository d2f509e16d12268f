package io.rmipool.client.cli;

import io.rmipool.api.PoolStats;

/** Writes a {@link PoolStats} for people or for scripts. Stateless and thread-safe. */
final class StatsFormat {

    private StatsFormat() {
    }

    /** One {@code name: value} line per field, values aligned. */
    static String human(PoolStats s) {
        return String.format("max:      %d%n"
                        + "idle:     %d%n"
                        + "leased:   %d%n"
                        + "waiting:  %d%n"
                        + "granted:  %d%n"
                        + "timeouts: %d%n"
                        + "expired:  %d%n"
                        + "refused:  %d%n"
                        + "maintainer: %s",
                s.max(), s.idle(), s.leased(), s.waiting(), s.granted(), s.timeouts(), s.expired(), s.refused(),
                s.maintainerAlive() ? "running" : "STOPPED (restart the server)");
    }

    /**
     * One JSON object on one line with the eight counters as numbers and {@code maintainerAlive} as a
     * boolean. Written by hand: fixed names and plain values need no escaping, and a JSON library would be
     * the client's largest dependency.
     */
    static String json(PoolStats s) {
        return "{\"max\":" + s.max()
                + ",\"idle\":" + s.idle()
                + ",\"leased\":" + s.leased()
                + ",\"waiting\":" + s.waiting()
                + ",\"granted\":" + s.granted()
                + ",\"timeouts\":" + s.timeouts()
                + ",\"expired\":" + s.expired()
                + ",\"refused\":" + s.refused()
                + ",\"maintainerAlive\":" + s.maintainerAlive()
                + "}";
    }
}
