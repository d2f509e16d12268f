package io.rmipool.client;

import io.rmipool.api.FleetStats;
import io.rmipool.api.InvalidArgumentException;
import io.rmipool.api.PoolException;
import io.rmipool.api.PoolExhaustedException;
import io.rmipool.api.PoolStats;
import io.rmipool.api.TooManyWaitersException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A client of several pool servers: each lease goes to a live one, taken in turn so leases spread
 * over the servers, and a server that cannot be reached is passed over (and asked again after
 * {@link #RETRY_DOWN_AFTER}) while the others serve.
 *
 * <h2>How a lease is placed</h2>
 * Starting at the next server in turn, every server not known to be down is asked for an idle
 * connection without waiting; the first that has one grants the lease. When none has, and the caller
 * is willing to wait, the first live server in that order is asked again with the time that remains,
 * and the next one if that server turns out to be unreachable. A lease is never moved: it belongs to
 * the server that granted it, and if that server dies the lease fails there ({@link LeasedConnection}
 * reports the server unreachable, or the lease lost once the server says so), for the caller to
 * lease anew, which then goes to a live server.
 *
 * <p>Each server gets its own {@link PoolClient} (its own login and renewals), made on first use.
 * With one server this is exactly that server's {@code PoolClient}: same waits, same errors.
 * Thread-safe.
 */
public final class PoolFleetClient implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(PoolFleetClient.class);
    /** How long a server that could not be reached is passed over before it is asked again. */
    public static final Duration RETRY_DOWN_AFTER = Duration.ofSeconds(2);

    private final List<Member> members;
    private final AtomicInteger next = new AtomicInteger();
    private final LongSupplier ticker;

    /** One server: its client once connected, and until when it is passed over. */
    private final class Member {
        final ClientSettings settings;
        /** Made once, under this member's lock; volatile so that {@link #serverIndex} reads it without one. */
        private volatile PoolClient client;
        private volatile long downUntilNanos;
        private volatile boolean everDown;

        Member(ClientSettings settings) {
            this.settings = settings;
        }

        boolean isDown() {
            return everDown && ticker.getAsLong() - downUntilNanos < 0;
        }

        void markDown(ServerUnreachableException e) {
            downUntilNanos = ticker.getAsLong() + RETRY_DOWN_AFTER.toNanos();
            everDown = true;
            LOG.warn("pool server {} is unreachable, passing it over for {} ms: {}", settings.endpoint(),
                    RETRY_DOWN_AFTER.toMillis(), e.getMessage());
        }

        synchronized PoolClient client() throws PoolException, ServerUnreachableException {
            if (client == null) {
                client = PoolClient.connect(settings);
            }
            return client;
        }

        PoolClient connected() {
            return client;
        }
    }

    private PoolFleetClient(List<ClientSettings> servers, LongSupplier ticker) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server is needed");
        }
        this.ticker = ticker;
        List<Member> list = new ArrayList<>();
        servers.forEach(s -> list.add(new Member(s)));
        this.members = List.copyOf(list);
        // start at a different server in each client, so that many clients spread from their first lease
        next.set(Math.floorMod(System.identityHashCode(this), servers.size()));
    }

    /**
     * The servers of the fleet {@code seed}'s server belongs to, each with {@code seed}'s settings but its
     * own address: {@code seed} first (as given: the address that reached it), then every other live
     * server as it announced itself in ZooKeeper (its {@code --host} and {@code --port}), in the order the
     * server lists them. A server alone gives {@code seed} alone. The list is read once, through one login
     * and a {@code stats} call: servers that join later are not in it.
     *
     * @throws ServerUnreachableException when {@code seed}'s server cannot be reached
     * @throws PoolException when it refuses the login
     */
    public static List<ClientSettings> discover(ClientSettings seed) throws PoolException, ServerUnreachableException {
        FleetStats fleet;
        try (PoolClient client = PoolClient.connect(seed)) {
            fleet = client.stats().fleet();
        }
        List<ClientSettings> servers = new ArrayList<>(List.of(seed));
        if (fleet != null) {
            for (FleetStats.Member m : fleet.members()) {
                if (!m.self()) {
                    servers.add(settingsFor(seed, m.endpoint()));
                }
            }
        }
        return servers;
    }

    /** {@code seed}'s settings for a server that announced {@code endpoint}: {@code host:port}, the host maybe an IPv6 literal. */
    private static ClientSettings settingsFor(ClientSettings seed, String endpoint) throws PoolException {
        int colon = endpoint.lastIndexOf(':');
        try {
            String host = endpoint.substring(0, colon).replaceAll("^\\[|]$", "");
            return seed.withEndpoint(host, Integer.parseInt(endpoint.substring(colon + 1)));
        } catch (RuntimeException e) { // no colon, no number, a port out of range
            throw new InvalidArgumentException("a server of the fleet announced an endpoint that is not host:port: " + endpoint);
        }
    }

    /**
     * A client of {@code servers} (each with the same secret and pool name, as a fleet has). Nothing is
     * connected until the first lease or {@link #stats()}.
     */
    public static PoolFleetClient of(List<ClientSettings> servers) {
        return new PoolFleetClient(List.copyOf(servers), System::nanoTime);
    }

    /**
     * Leases one connection from a live server (see the class comment).
     *
     * @param timeout how long to wait in all when no server has an idle connection; zero fails at once
     * @throws PoolExhaustedException when no server had a connection in time
     * @throws ServerUnreachableException when no server could be reached; the message names each and why
     */
    public LeasedConnection lease(Duration timeout) throws PoolException, ServerUnreachableException {
        if (members.size() == 1) {
            return members.get(0).client().lease(timeout); // one server: exactly PoolClient's lease, and its errors
        }
        long deadline = ticker.getAsLong() + timeout.toNanos();
        List<Member> order = inTurn();
        List<String> unreachable = new ArrayList<>();
        PoolException refused = null;
        for (Member m : order) {
            try {
                return m.client().lease(Duration.ZERO);
            } catch (PoolExhaustedException | TooManyWaitersException e) {
                refused = e;
            } catch (ServerUnreachableException e) {
                m.markDown(e);
                unreachable.add(m.settings.endpoint() + ": " + e.getMessage());
            } catch (PoolException e) {
                refused = e; // the database behind it is down, or this client is not let in: try the others
                LOG.debug("pool server {} refused a lease: {}", m.settings.endpoint(), e.getMessage());
            }
        }
        for (Member m : order) {
            long remaining = deadline - ticker.getAsLong(); // recomputed for every server asked
            if (remaining <= 0) {
                break;
            }
            if (m.isDown()) {
                continue;
            }
            try {
                return m.client().lease(Duration.ofNanos(remaining));
            } catch (ServerUnreachableException e) {
                m.markDown(e);
                unreachable.add(m.settings.endpoint() + ": " + e.getMessage());
            } catch (PoolException e) {
                refused = e;
            }
        }
        if (refused != null) {
            throw refused;
        }
        throw new ServerUnreachableException(String.join(", ", endpoints()),
                "no pool server could be reached: " + String.join("; ", unreachable), null);
    }

    /** The servers not known to be down, starting at the next in turn; all of them when every one is down. */
    private List<Member> inTurn() {
        int start = Math.floorMod(next.getAndIncrement(), members.size());
        List<Member> live = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get((start + i) % members.size());
            if (!m.isDown()) {
                live.add(m);
            }
        }
        if (live.isEmpty()) {
            for (int i = 0; i < members.size(); i++) {
                live.add(members.get((start + i) % members.size()));
            }
        }
        return live;
    }

    /**
     * Each reachable server's stats, by endpoint, in the order the servers were given; a server that
     * cannot be reached is left out (and passed over for a while). With one server, its failure is thrown
     * as it is.
     *
     * @throws ServerUnreachableException when no server can be reached
     */
    public Map<String, PoolStats> stats() throws PoolException, ServerUnreachableException {
        Map<String, PoolStats> all = new LinkedHashMap<>();
        if (members.size() == 1) {
            Member only = members.get(0);
            all.put(only.settings.endpoint(), only.client().stats()); // one server: its own errors
            return all;
        }
        List<String> unreachable = new ArrayList<>();
        for (Member m : members) {
            try {
                all.put(m.settings.endpoint(), m.client().stats());
            } catch (ServerUnreachableException e) {
                m.markDown(e);
                unreachable.add(m.settings.endpoint() + ": " + e.getMessage());
            }
        }
        if (all.isEmpty()) {
            throw new ServerUnreachableException(String.join(", ", endpoints()),
                    "no pool server could be reached: " + String.join("; ", unreachable), null);
        }
        return all;
    }

    /**
     * Which server, by its place in the order given, granted {@code connection}: with its
     * {@linkplain LeasedConnection#connectionId() connection id}, what tells the fleet's connections apart
     * (every server numbers its own from 0); -1 for a connection of another client.
     */
    public int serverIndex(LeasedConnection connection) {
        PoolClient granter = connection.client(); // by identity: no allocation on the lease path
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).connected() == granter) {
                return i;
            }
        }
        return -1;
    }

    /** The servers' {@code host:port}, in the order given. */
    public List<String> endpoints() {
        return members.stream().map(m -> m.settings.endpoint()).toList();
    }

    /** Logs out of every server this client connected to; what they still lease to it is released. */
    @Override
    public void close() {
        for (Member m : members) {
            PoolClient client = m.connected();
            if (client != null) {
                try {
                    client.close();
                } catch (ServerUnreachableException e) {
                    LOG.debug("logout of {} failed ({}); its session ends when it idles out", m.settings.endpoint(),
                            e.getMessage());
                }
            }
        }
    }

    /** For tests: a fake clock. */
    static PoolFleetClient of(List<ClientSettings> servers, LongSupplier ticker) {
        return new PoolFleetClient(List.copyOf(servers), ticker);
    }
}
