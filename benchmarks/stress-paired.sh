#!/usr/bin/env bash
# The remote lease path against bare RMI (docs/benchmarks.md): `pool-client stress --baseline` at each P,
# alternating the bare pool and RMI Pool round by round, in one run.
#   benchmarks/stress-paired.sh [ROUNDS [CYCLES [P...]]]       (default: 3 rounds, 40000 cycles, P = 2 4)
# Builds the jars, starts a pool server (H2 in memory, loopback, logging at WARN) on a free port, and
# writes every run as a CSV row (p,round,kind,cycles_per_s,p50_us,p99_us) to pool-bench/target/stress.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
cycles="${2:-40000}"
shift $(( $# < 2 ? $# : 2 ))
ps_list=("${@:-2 4}")
[ "${#ps_list[@]}" -eq 1 ] && read -r -a ps_list <<<"${ps_list[0]}"

./mvnw -B -q package -DskipTests -pl pool-api,pool-server,pool-client
. benchmarks/servers.sh
start_server pool-server/target/pool-server.jar stress-paired
port=$server_port

mkdir -p pool-bench/target
csv=pool-bench/target/stress.csv
echo "p,round,kind,cycles_per_s,p50_us,p99_us" >"$csv"
echo "stress-paired: $(nproc) cores, $(java -version 2>&1 | head -n 1), $rounds rounds of $cycles cycles per process"
for p in "${ps_list[@]}"; do
  java -jar pool-client/target/pool-client.jar stress --processes "$p" --cycles "$cycles" --baseline \
      --rounds "$rounds" --server "localhost:$port" | tee /dev/stderr |
    sed -n "s/^round \([0-9]*\) \([a-z]*\): stress: .* cycles\/s=\([0-9]*\) p50=\([0-9]*\)us p99=\([0-9]*\)us.*/$p,\1,\2,\3,\4,\5/p" >>"$csv"
done 2>&1
echo "stress-paired: rows in $csv"
