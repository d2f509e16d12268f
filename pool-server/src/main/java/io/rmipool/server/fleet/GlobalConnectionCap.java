package io.rmipool.server.fleet;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The fleet's one connection cap: a ZooKeeper semaphore of N leases (Curator's
 * {@link InterProcessSemaphoreV2} at {@code /rmipool/<pool name>/connections}) that every server of the
 * fleet draws from. A server holds one lease per open database connection: it reserves a lease before
 * opening and returns it after closing, so the servers together never hold more than N connections while
 * their ZooKeeper sessions live. Each lease is an ephemeral node: a server that dies gives its leases back
 * when its session expires.
 *
 * <p>While the connection to ZooKeeper is suspended, nothing is reserved (a reservation could not be
 * known to hold). When the session is lost, its leases are gone and other servers may take them: they
 * are forgotten here, the pool is told to close every connection ({@link #whenLost}), and reservations
 * resume once ZooKeeper is back.
 *
 * <p>Thread-safe: the held leases are guarded by {@code this}; reservations and returns are ZooKeeper
 * round trips, made outside that lock. It does not own the ZooKeeper client: {@link ZooKeeperFleet} does.
 */
final class GlobalConnectionCap {
    private static final Logger LOG = LogManager.getLogger(GlobalConnectionCap.class);
    /** How long a reservation waits for a lease (and for the recipe's lock) before it says no. */
    static final Duration RESERVE_WAIT = Duration.ofSeconds(1);

    private final InterProcessSemaphoreV2 semaphore;
    private final int max;
    private final Runnable heldChanged;
    /** Guarded by this. */
    private final Deque<Lease> held = new ArrayDeque<>();
    /** False while the ZooKeeper connection is suspended or lost. */
    private volatile boolean connected = true;
    /** What the pool does when the session, and with it every lease, is lost. */
    private volatile Runnable lostAction = () -> { };

    /**
     * @param path the semaphore's node, {@code /rmipool/<pool name>/connections}
     * @param heldChanged told after each change of {@link #held()}, outside the lock
     */
    GlobalConnectionCap(CuratorFramework client, String path, int max, Runnable heldChanged) {
        this.max = max;
        this.heldChanged = heldChanged;
        this.semaphore = new InterProcessSemaphoreV2(client, path, max);
        client.getConnectionStateListenable().addListener((c, state) -> changed(state));
    }

    private void changed(ConnectionState state) {
        switch (state) {
            case SUSPENDED -> {
                connected = false;
                LOG.warn("the connection to ZooKeeper is suspended: no new database connection opens until it is back");
            }
            case LOST -> {
                connected = false;
                int gone;
                synchronized (this) {
                    gone = held.size();
                    held.clear(); // their nodes went with the session
                }
                heldChanged.run();
                LOG.error("the ZooKeeper session is lost, and with it the {} leases of the global cap this server held: "
                        + "closing its connections", gone);
                lostAction.run();
            }
            case RECONNECTED, CONNECTED -> {
                connected = true;
                LOG.info("connected to ZooKeeper again");
            }
            default -> {
            }
        }
    }

    /** Reserves one lease of the cap; false when none became free within {@link #RESERVE_WAIT}, or ZooKeeper is away. */
    boolean tryReserve() {
        if (!connected) {
            return false;
        }
        try {
            // not zero: taking a lease takes the recipe's own lock, which another server may hold for a moment
            Collection<Lease> got = semaphore.acquire(1, RESERVE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (got == null) {
                return false;
            }
            synchronized (this) {
                held.addAll(got);
            }
            heldChanged.run();
            return true;
        } catch (Exception e) {
            LOG.warn("could not reserve a place in the global cap: {}", e.getMessage());
            return false;
        }
    }

    /** Returns one lease, whose connection has been closed. */
    void release() {
        Lease lease;
        synchronized (this) {
            lease = held.pollFirst();
        }
        if (lease != null) {
            semaphore.returnLease(lease); // a lease lost with the session is already gone
            heldChanged.run();
        }
    }

    /** Registers what the pool does when the session, and every lease with it, is lost. */
    void whenLost(Runnable action) {
        this.lostAction = action;
    }

    /** How many leases of the cap this server holds. */
    synchronized int held() {
        return held.size();
    }

    /** The fleet's cap. */
    int max() {
        return max;
    }
}
