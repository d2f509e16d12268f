package io.rmipool.server.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many client connections are open, in all and per address, against the caps. RMI spends a thread
 * on every open connection, so without caps 20,000 idle connections are 20,000 threads and every file
 * descriptor. A connection over a cap is closed as soon as it is accepted, before any thread is spent on
 * it. Thread-safe (synchronized: one short section per connection opened or closed).
 */
final class ConnectionLimits {
    private final int max;
    private final int maxPerAddress;
    // guarded by this
    private int open;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();

    ConnectionLimits(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts a new connection from {@code address} if both caps allow it.
     *
     * @return null when admitted, else why not
     */
    synchronized String admit(InetAddress address) {
        if (open >= max) {
            return "the server has " + open + " client connections open (--max-client-connections)";
        }
        int fromAddress = perAddress.getOrDefault(address, 0);
        if (fromAddress >= maxPerAddress) {
            return fromAddress + " connections open from this address (--max-client-connections-per-address)";
        }
        open++;
        perAddress.put(address, fromAddress + 1);
        return null;
    }

    /** Counts down a connection that {@link #admit} admitted; call once per admitted connection. */
    synchronized void closed(InetAddress address) {
        open--;
        perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }

    synchronized int open() {
        return open;
    }
}
