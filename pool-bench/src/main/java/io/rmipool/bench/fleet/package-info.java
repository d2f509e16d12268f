/**
 * What a fleet's coordination costs on the lease path (issue #12): {@link
 * io.rmipool.bench.fleet.ZooKeeperForBench} runs a real ZooKeeper for {@code benchmarks/fleet-cost.sh},
 * which pairs {@code stress} against a standalone server and a fleet server and counts the requests
 * ZooKeeper received meanwhile; {@code docs/benchmarks.md} has the numbers.
 */
package io.rmipool.bench.fleet;
