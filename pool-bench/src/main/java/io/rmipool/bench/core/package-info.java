/**
 * JMH benchmarks of the pool core ({@code io.rmipool.server.pool.DatabaseConnectionPool}, no RMI)
 * against HikariCP and Commons Pool 2: one lease and release per operation, every pool over the same
 * in-memory {@link io.rmipool.bench.core.StubDriver}, so that only the pools' own bookkeeping is
 * measured. {@code benchmarks/core.sh} runs them and prints the table of {@code docs/benchmarks.md}.
 */
package io.rmipool.bench.core;
