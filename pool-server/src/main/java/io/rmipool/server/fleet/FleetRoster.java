package io.rmipool.server.fleet;

import io.rmipool.api.FleetStats;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * Who is in the fleet: each server announces itself in an ephemeral node
 * {@code /rmipool/<pool name>/servers/<first epoch>} (Curator's {@link PersistentNode}, which makes it
 * again after a lost session) holding its endpoint, the cap it was given and how many places of the cap
 * it holds; every server keeps a local copy of all the announcements (a {@link CuratorCache}, updated by
 * ZooKeeper's watches), read into a snapshot at each change, to answer {@code stats} without a round
 * trip. The announcement is rewritten only when the places held change, which is when the set of open
 * connections does: never per lease.
 *
 * <p>Thread-safe: rewrites go through one thread, in order, each with the count at the time it runs, so
 * the last one written is the latest count; the snapshot is volatile, replaced whole by the copy's thread.
 */
final class FleetRoster implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(FleetRoster.class);

    private final String name;
    private final String serversPath;
    private final String endpoint;
    private final long epoch;
    private final int cap;
    private final PersistentNode announcement;
    /** What {@link #stats()} answers: rebuilt from the local copy at each change, on the copy's own thread. */
    private volatile FleetStats snapshot;
    private final CuratorCache members;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fleet-roster");
        t.setDaemon(true);
        return t;
    });

    /** What one server announces: a {@link Properties} text of its endpoint, the cap and its places held. */
    record Announcement(String endpoint, int cap, int connections) {
        byte[] bytes() {
            return ("endpoint=" + endpoint + "\ncap=" + cap + "\nconnections=" + connections + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** Null for a node that is not an announcement: none of ours writes one, but anyone with access to ZooKeeper may. */
        static Announcement parse(byte[] data) {
            if (data == null) {
                return null;
            }
            Properties fields = new Properties();
            try {
                fields.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
                String endpoint = fields.getProperty("endpoint");
                return endpoint == null ? null : new Announcement(endpoint,
                        Integer.parseInt(fields.getProperty("cap")), Integer.parseInt(fields.getProperty("connections")));
            } catch (IOException | IllegalArgumentException e) { // a malformed escape, a field that is not a number
                return null;
            }
        }
    }

    /**
     * Announces this server and starts following the others.
     *
     * @param poolPath {@code /rmipool/<pool name>}
     * @throws IllegalArgumentException when a live server of the fleet announces another cap
     */
    FleetRoster(CuratorFramework client, String name, String poolPath, String endpoint, long epoch, int cap)
            throws InterruptedException {
        this.name = name;
        this.serversPath = poolPath + "/servers";
        this.endpoint = endpoint;
        this.epoch = epoch;
        this.cap = cap;
        this.snapshot = new FleetStats(name, cap, 0, List.of());
        this.members = CuratorCache.build(client, serversPath);
        this.announcement = new PersistentNode(client, CreateMode.EPHEMERAL, false, serversPath + "/" + epoch,
                new Announcement(endpoint, cap, 0).bytes());
        try {
            List<String> others = othersWithAnotherCap(client);
            if (!others.isEmpty()) {
                throw new IllegalArgumentException("the fleet's live servers " + others + " share a cap of another size than "
                        + cap + ": give every server of a fleet the same --global-max-connections");
            }
            // parse once per change, not per stats call (metrics read stats at every scrape)
            members.listenable().addListener(CuratorCacheListener.builder()
                    .forAll((type, before, after) -> snapshot = read())
                    .forInitialized(() -> snapshot = read())
                    .build());
            members.start();
            announcement.start();
            if (!announcement.waitForInitialCreate(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not announce this server at " + serversPath + " in ZooKeeper");
            }
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    private List<String> othersWithAnotherCap(CuratorFramework client) {
        List<String> others = new ArrayList<>();
        try {
            if (client.checkExists().forPath(serversPath) == null) {
                return others;
            }
            for (String child : client.getChildren().forPath(serversPath)) {
                Announcement a = Announcement.parse(client.getData().forPath(serversPath + "/" + child));
                if (a != null && a.cap() != cap) {
                    others.add(a.endpoint() + " (cap " + a.cap() + ")");
                }
            }
        } catch (KeeperException.NoNodeException e) {
            // a server left while we looked: it has no cap any more
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the fleet's servers at " + serversPath + ": " + e.getMessage(), e);
        }
        return others;
    }

    /** Rewrites this server's announcement with {@code connections()}'s count when it runs (in order, on one thread). */
    void connectionsChanged(IntSupplier connections) {
        try {
            writer.execute(() -> {
                try {
                    announcement.setData(new Announcement(endpoint, cap, connections.getAsInt()).bytes());
                } catch (Exception e) {
                    // the node is being made again after a lost session: it is made with the latest data
                    LOG.debug("could not update this server's announcement: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: this server has left the fleet
        }
    }

    /** The fleet as the local copy had it at its last change: every announced server, this one first. */
    FleetStats stats() {
        return snapshot;
    }

    private FleetStats read() {
        String prefix = serversPath + "/";
        List<FleetStats.Member> list = new ArrayList<>();
        members.stream().filter(d -> d.getPath().startsWith(prefix)).forEach(d -> {
            Announcement a = Announcement.parse(d.getData());
            if (a != null) {
                long memberEpoch = epochOf(d);
                list.add(new FleetStats.Member(a.endpoint(), memberEpoch, a.connections(), memberEpoch == epoch));
            }
        });
        list.sort(Comparator.comparing((FleetStats.Member m) -> !m.self()).thenComparing(FleetStats.Member::endpoint));
        int held = list.stream().mapToInt(FleetStats.Member::connections).sum();
        return new FleetStats(name, cap, held, list);
    }

    private static long epochOf(ChildData d) {
        String path = d.getPath();
        try {
            return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
        members.close();
        try {
            announcement.close();
        } catch (IOException e) {
            LOG.debug("closing this server's announcement: {}", e.getMessage());
        }
    }
}
