/**
 * The scale benchmark of issue #9 (goal 4): {@link io.rmipool.bench.scale.ScaleBenchmark} runs a real
 * pool server and many client JVMs on one machine and measures 1,000 callers blocked in {@code lease},
 * 100 client processes holding leases at once, and the server's memory and threads per idle session.
 * {@code benchmarks/scale.sh} builds and runs it; {@code docs/benchmarks.md} has the numbers.
 */
package io.rmipool.bench.scale;
