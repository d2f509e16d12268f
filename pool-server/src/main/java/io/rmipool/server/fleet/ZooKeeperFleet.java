package io.rmipool.server.fleet;

import io.rmipool.api.FleetStats;
import io.rmipool.server.pool.ConnectionBudget;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * This server's membership of a fleet, through ZooKeeper (Apache Curator): what the pool shares with the
 * fleet's other servers, all under {@code /rmipool/<pool name>}.
 * <ul>
 *   <li>{@link GlobalConnectionCap}: the places for open connections ({@code connections}, a semaphore);</li>
 *   <li>{@link TokenEpochCounter}: the epochs of lease tokens ({@code epoch}, a counter);</li>
 *   <li>{@link FleetRoster}: who is in the fleet and what each holds ({@code servers}, ephemeral nodes).</li>
 * </ul>
 * The pool touches ZooKeeper only when its set of open connections changes (a place reserved or given
 * back, and the announcement rewritten), and once per 134 million leases for a spare epoch: never on a
 * lease. {@link #fleetStats()} reads a local copy.
 *
 * <p>Thread-safe, as each part is.
 */
public final class ZooKeeperFleet implements ConnectionBudget, AutoCloseable {
    /**
     * How far into the session timeout, counted from the moment the connection was suspended, this server
     * assumes its session lost. ZooKeeper expires a session one timeout after it last heard from the
     * server; the client notices a silent connection only after two thirds of the timeout (its read
     * timeout), so to assume the loss before ZooKeeper acts, the rest must come within the last third.
     * Curator acts on the percentage by injecting an expiry into the ZooKeeper client, which reports it
     * between two reconnection attempts: up to about two seconds later (measured), and the connections
     * must then be closed. 10 % leaves that margin at the default 10 s timeout (6.7 s + 1 s, then about
     * 2.3 s); Curator's default, 100 %, would keep this server's connections open up to two thirds of a
     * timeout after other servers may have taken their places. The cost: an outage of a tenth of the
     * timeout closes this server's connections even if the session would have survived it.
     */
    static final int ASSUME_LOST_AFTER_PERCENT = 10;
    private final CuratorFramework client;
    private final GlobalConnectionCap cap;
    private final TokenEpochCounter epochs;
    private final FleetRoster roster;
    private final long firstEpoch;
    private final Duration idleRelease;

    private ZooKeeperFleet(CuratorFramework client, String poolName, String endpoint, int max, Duration idleRelease)
            throws InterruptedException {
        String poolPath = "/rmipool/" + poolName;
        this.client = client;
        this.idleRelease = idleRelease;
        this.epochs = new TokenEpochCounter(client, poolPath + "/epoch");
        this.firstEpoch = epochs.next();
        this.roster = new FleetRoster(client, poolName, poolPath, endpoint, firstEpoch, max);
        this.cap = new GlobalConnectionCap(client, poolPath + "/connections", max, this::announceHeld);
    }

    /**
     * Connects to ZooKeeper, takes this run's first token epoch, announces this server and joins the cap of
     * the pool called {@code poolName}.
     *
     * @param connectString {@code host:port[,host:port...]}
     * @param endpoint the {@code host:port} clients reach this server at, for the fleet's stats
     * @param max the fleet's cap; every server of the fleet must give the same
     * @param sessionTimeout how long ZooKeeper keeps a silent server's leases
     * @param idleRelease how long a server keeps an idle connection, with nobody waiting, before it gives
     *     its lease back to the fleet
     * @throws IllegalStateException when ZooKeeper cannot be reached within the session timeout, or gives no epoch
     * @throws IllegalArgumentException when the fleet's live servers share a cap of another size
     */
    public static ZooKeeperFleet join(String connectString, String poolName, String endpoint, int max,
                                      Duration sessionTimeout, Duration idleRelease) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) Math.min(sessionTimeout.toMillis(), 15_000))
                .simulatedSessionExpirationPercent(ASSUME_LOST_AFTER_PERCENT)
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 2_000)).build();
        client.start();
        try {
            if (!client.blockUntilConnected((int) sessionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("cannot reach ZooKeeper at " + connectString + " within "
                        + sessionTimeout.toMillis() + " ms");
            }
            return new ZooKeeperFleet(client, poolName, endpoint, max, idleRelease);
        } catch (RuntimeException | InterruptedException e) {
            client.close();
            throw e;
        }
    }

    private void announceHeld() {
        roster.connectionsChanged(cap::held);
    }

    @Override
    public boolean tryReserve() {
        return cap.tryReserve();
    }

    @Override
    public void release() {
        cap.release();
    }

    @Override
    public Duration idleRelease() {
        return idleRelease;
    }

    @Override
    public void whenLost(Runnable action) {
        cap.whenLost(action);
    }

    /** {@inheritDoc} The first is the one taken at {@link #join}; each later one is a round trip to ZooKeeper. */
    @Override
    public long nextTokenEpoch(long previous) {
        return previous < firstEpoch ? firstEpoch : epochs.next();
    }

    @Override
    public FleetStats fleetStats() {
        return roster.stats();
    }

    /** The fleet's cap. */
    public int max() {
        return cap.max();
    }

    /** The epoch this server run started with. */
    public long firstEpoch() {
        return firstEpoch;
    }

    /** Leaves the fleet: the ZooKeeper session ends, and every lease and the announcement with it. */
    @Override
    public void close() {
        roster.close();
        client.close();
    }
}
