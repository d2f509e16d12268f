#!/usr/bin/env bash
# Start-up of the client JVMs, paired with the Python seed program (docs/benchmarks.md, "Client start-up").
#   benchmarks/startup.sh [RUNS]            (default 20 rounds)
# Builds the jars, starts a pool server (H2 in memory, loopback, logging at WARN) on a free port, and
# times, alternating round by round: the seed program (manager + 11 processes), `pool-client demo`
# (11 client JVMs), and one `pool-client stats` and `lease`, all with `java -jar`; then `demo` and `stats`
# through scripts/pool-client (the same jar with start-up flags and the workers' CDS archive). BEFORE_JAR=path/to/an/older/pool-client.jar
# adds that jar's demo and stats to the same rounds, against BEFORE_SERVER_JAR (a pool-server.jar of
# the same version, on a port of its own) when set, else against the current server. CSV rows go to pool-bench/target/startup.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"

./mvnw -B -q package -DskipTests -pl pool-api,pool-server,pool-client
. benchmarks/servers.sh
start_server pool-server/target/pool-server.jar startup
port=$server_port

client="java -jar pool-client/target/pool-client.jar"
commands=(
  "seed=python3 benchmarks/seed.py"
  "demo=$client demo --server localhost:$port"
  "stats=$client stats --server localhost:$port"
  "lease=$client lease --server localhost:$port"
  "demo-script=scripts/pool-client demo --server localhost:$port"
  "stats-script=scripts/pool-client stats --server localhost:$port"
)
if [ -n "${BEFORE_JAR:-}" ]; then
  before_port=$port
  if [ -n "${BEFORE_SERVER_JAR:-}" ]; then
    start_server "$BEFORE_SERVER_JAR" startup
    before_port=$server_port
  fi
  commands+=("demo-before=java -jar $BEFORE_JAR demo --server localhost:$before_port"
             "stats-before=java -jar $BEFORE_JAR stats --server localhost:$before_port")
fi
mkdir -p pool-bench/target
echo "startup: $(nproc) cores, $(java -version 2>&1 | head -n 1), $runs rounds"
python3 benchmarks/paired_time.py --runs "$runs" --warmup 2 --csv pool-bench/target/startup.csv "${commands[@]}"
