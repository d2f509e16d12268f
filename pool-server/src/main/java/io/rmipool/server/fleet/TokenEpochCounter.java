package io.rmipool.server.fleet;

import io.rmipool.api.Lease;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.atomic.AtomicValue;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.retry.RetryNTimes;

/**
 * The fleet's token epochs: a counter in ZooKeeper (Curator's {@link DistributedAtomicLong} at
 * {@code /rmipool/<pool name>/epoch}) that every server run increments for each epoch it takes, so no
 * two runs, of any server of the fleet, ever get the same epoch. The counter is persistent: it survives
 * every server and ZooKeeper's restarts (with its data), and only grows.
 *
 * <p>Thread-safe (the recipe's increment is an optimistic compare-and-set on the node's version, retried).
 */
final class TokenEpochCounter {
    private final DistributedAtomicLong counter;
    private final String path;

    TokenEpochCounter(CuratorFramework client, String path) {
        this.path = path;
        // optimistic: a retry only when another server incremented at the same moment
        this.counter = new DistributedAtomicLong(client, path, new RetryNTimes(20, 10));
    }

    /**
     * A new epoch, beyond every one the fleet handed out before.
     *
     * @throws IllegalStateException when ZooKeeper could not be updated, or the counter is past what a token carries
     */
    long next() {
        AtomicValue<Long> value;
        try {
            value = counter.increment();
        } catch (Exception e) {
            throw new IllegalStateException("cannot take an epoch at " + path + " in ZooKeeper: " + e.getMessage(), e);
        }
        if (!value.succeeded()) {
            throw new IllegalStateException("cannot take an epoch at " + path + " in ZooKeeper: too many servers took one at once");
        }
        long epoch = value.postValue();
        if (epoch > Lease.MAX_EPOCH) {
            throw new IllegalStateException("the fleet has used all " + Lease.MAX_EPOCH + " token epochs at " + path
                    + ": give the fleet a new --name");
        }
        return epoch;
    }
}
