#!/usr/bin/env bash
# Draws the plots of docs/benchmarks.md into docs/img from the CSVs that benchmarks/startup.sh and
# benchmarks/stress-paired.sh wrote (pool-bench/target/startup.csv, pool-bench/target/stress.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests -pl pool-bench -am
csvs=()
for f in pool-bench/target/startup.csv pool-bench/target/stress.csv; do
  [ -f "$f" ] && csvs+=("$f")
done
[ "${#csvs[@]}" -gt 0 ] || { echo "plots: no CSV yet: run benchmarks/startup.sh or benchmarks/stress-paired.sh" >&2; exit 1; }
java -cp pool-bench/target/pool-bench.jar io.rmipool.bench.plot.Plots docs/img "${csvs[@]}"
