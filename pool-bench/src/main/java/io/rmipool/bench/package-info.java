/**
 * Benchmarks of RMI Pool, never shipped: see {@code docs/benchmarks.md} for what each measures and the
 * commands that run it.
 */
package io.rmipool.bench;
