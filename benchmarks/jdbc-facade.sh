#!/usr/bin/env bash
# What the JDBC driver costs per statement on top of LeasedConnection.execute (issue #11): a pool server
# in the benchmark's JVM (H2 in memory, loopback RMI), one "select ?" per statement through each path,
# ROUNDS paired rounds (default 10) of STATEMENTS each (default 20000), alternating which goes first.
#
#   benchmarks/jdbc-facade.sh
#
# Builds pool-bench when its jar is missing or older than a source or POM. About a minute.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=pool-bench/target/pool-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml pool-api pool-server pool-client pool-bench -name target -prune \
        -o -type f -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -q install -DskipTests -pl pool-bench -am
fi
POOL_LOG_LEVEL=WARN java -cp "$jar" io.rmipool.bench.jdbc.JdbcFacadeCost "${ROUNDS:-10}" "${STATEMENTS:-20000}" 2>/dev/null
