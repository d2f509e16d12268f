#!/usr/bin/env bash
# What a fleet's coordination costs on the lease path (issue #12, docs/benchmarks.md): the same
# `pool-client stress` against a standalone server (--max-connections K) and a fleet server (--zookeeper,
# --global-max-connections 2K, --max-connections K), alternating which goes first round by round, and
# the requests ZooKeeper received while the fleet server was measured.
#   benchmarks/fleet-cost.sh [ROUNDS [CYCLES [P [K]]]]     (default: 6 rounds, 40000 cycles, P = 4, K = 4)
# P stress processes, each 20,000 unmeasured warm-up cycles then CYCLES measured ones; P >= K, so that
# the fleet server, which starts with one connection and grows while callers wait, reaches K. Its
# --fleet-idle-release is IDLE_RELEASE (default 10m): the alternating order leaves it idle for two
# standalone runs in a row, about 30 s, and at the server's default of 30s it would give connections
# back there and grow again in its next run (IDLE_RELEASE=30s shows what that costs).
# Builds the jars when pool-bench.jar is missing or older than a source or POM (package, never install).
# Starts a real ZooKeeper (io.rmipool.bench.fleet.ZooKeeperForBench: Curator's TestingServer, loopback)
# and both servers (H2 in memory, loopback, logging at WARN) on free ports, warms both with a short
# stress run each, checks that the fleet server has grown to K, then measures. Writes every measured run as a
# CSV row (round,kind,cycles_per_s,p50_us,p99_us,seconds,leases,zk_requests,zk_node_reads,zk_node_writes)
# to pool-bench/target/fleet-cost.csv and prints the medians and ranges of cycles/s, of the ratio
# fleet/standalone per round, and ZooKeeper's requests (every packet its clients sent, pings included)
# during the fleet runs per 1,000 leases and per second, next to the same while the fleet server sat
# idle (the standalone runs) and the rate of a session's pings alone. About 4 minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds="${1:-6}"
cycles="${2:-40000}"
procs="${3:-4}"
conns="${4:-4}"
warmup=20000
session_timeout_s=10
idle_release="${IDLE_RELEASE:-10m}"
[ "$procs" -ge "$conns" ] || { echo "fleet-cost: P ($procs) must be at least K ($conns): the fleet grows only while callers wait" >&2; exit 2; }

jar=pool-bench/target/pool-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml pool-api pool-server pool-client pool-bench -name target -prune \
        -o -type f -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -q package -DskipTests -pl pool-bench -am
fi
server_jar=pool-server/target/pool-server.jar
client="java -jar pool-client/target/pool-client.jar"

# ZooKeeper: reads commands on stdin ("counts"), stops when it closes (at the latest when this script ends)
zk_log=$(mktemp)
coproc ZK { exec java -cp "$jar" io.rmipool.bench.fleet.ZooKeeperForBench 2>"$zk_log"; }
if ! read -r -t 60 line <&"${ZK[0]}" || [[ "$line" != "zookeeper ready: "* ]]; then
  echo "fleet-cost: ZooKeeper did not start: ${line:-} $(cat "$zk_log")" >&2
  exit 1
fi
zookeeper=${line#zookeeper ready: }
zk_counts() {  # prints "requests node_reads node_writes", ZooKeeper's totals since it started
  echo counts >&"${ZK[1]}"
  local answer
  read -r -t 30 answer <&"${ZK[0]}"
  sed -E 's/^counts: requests=([0-9]+) reads=[0-9]+ writes=[0-9]+ node_reads=([0-9]+) node_writes=([0-9]+)$/\1 \2 \3/' <<<"$answer"
}

. benchmarks/servers.sh
bench_logs+=("$zk_log")
start_server "$server_jar" standalone --max-connections "$conns"
standalone=$server_port
start_server "$server_jar" fleet --max-connections "$conns" --zookeeper "$zookeeper" \
  --global-max-connections $((2 * conns)) --zookeeper-session-timeout "${session_timeout_s}s" \
  --fleet-idle-release "$idle_release"
fleet=$server_port
bench_servers+=("$ZK_PID")  # stopped after the servers

target() {  # the fleet server's current size
  $client stats --json --server "localhost:$fleet" | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"])'
}
stress() {  # stress PORT [CYCLES]: prints "cycles_per_s p50_us p99_us"
  $client stress --processes "$procs" --cycles "${2:-$cycles}" --warmup "$warmup" --server "localhost:$1" |
    sed -n 's/^stress: .* cycles\/s=\([0-9]*\) p50=\([0-9]*\)us p99=\([0-9]*\)us .* failed=0 duplicates=0$/\1 \2 \3/p'
}

echo "fleet-cost: $(nproc) cores, $(java -version 2>&1 | head -n 1); P=$procs, K=$conns, $rounds rounds of" \
  "$cycles measured cycles per process (after $warmup unmeasured); ZooKeeper at $zookeeper, session timeout ${session_timeout_s}s, idle release $idle_release"
read -r req0 nr0 nw0 < <(zk_counts)
echo "fleet server started: $(target) connection(s); ZooKeeper so far: $req0 requests, $nr0 node reads, $nw0 node writes"
for _ in 1 2 3; do
  stress "$standalone" 10000 >/dev/null
  stress "$fleet" 10000 >/dev/null
  [ "$(target)" -ge "$conns" ] && break
done
size=$(target)
read -r req1 nr1 nw1 < <(zk_counts)
echo "after warming: $size connection(s); growing took $((req1 - req0)) ZooKeeper requests ($((nr1 - nr0)) node reads, $((nw1 - nw0)) node writes)"
[ "$size" -ge "$conns" ] || { echo "fleet-cost: the fleet server did not grow to $conns connections" >&2; exit 1; }

mkdir -p pool-bench/target
csv=pool-bench/target/fleet-cost.csv
echo "round,kind,cycles_per_s,p50_us,p99_us,seconds,leases,zk_requests,zk_node_reads,zk_node_writes" >"$csv"
leases=$((procs * (cycles + warmup)))
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then order="standalone fleet"; else order="fleet standalone"; fi
  for kind in $order; do
    port=$standalone
    [ "$kind" = fleet ] && port=$fleet
    read -r qa ra wa < <(zk_counts)
    start=$(date +%s.%N)
    read -r rate p50 p99 < <(stress "$port") || { echo "fleet-cost: stress against the $kind server failed" >&2; exit 1; }
    end=$(date +%s.%N)
    read -r qb rb wb < <(zk_counts)
    seconds=$(python3 -c "print(f'{$end - $start:.2f}')")
    echo "$r,$kind,$rate,$p50,$p99,$seconds,$leases,$((qb - qa)),$((rb - ra)),$((wb - wa))" >>"$csv"
    echo "round $r $kind: cycles/s=$rate p50=${p50}us p99=${p99}us (${seconds}s, ZooKeeper: $((qb - qa)) requests," \
      "$((rb - ra)) node reads, $((wb - wa)) node writes)"
  done
done
echo "after the rounds: the fleet server has $(target) connection(s)"

python3 - "$csv" "$session_timeout_s" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
ping_every = float(sys.argv[2]) / 3  # a ZooKeeper client pings after a third of the session timeout without a request
runs = {kind: {int(r['round']): r for r in rows if r['kind'] == kind} for kind in ('standalone', 'fleet')}
def spread(values, fmt='{:,.0f}'):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"
rates = {kind: [float(r['cycles_per_s']) for r in runs[kind].values()] for kind in runs}
ratios = [float(runs['fleet'][i]['cycles_per_s']) / float(runs['standalone'][i]['cycles_per_s']) for i in runs['fleet']]
print(f"paired: rounds={len(ratios)}")
for kind in ('standalone', 'fleet'):
    p50 = [float(r['p50_us']) for r in runs[kind].values()]
    p99 = [float(r['p99_us']) for r in runs[kind].values()]
    print(f"  {kind:10} cycles/s median {spread(rates[kind])}, p50 {spread(p50)} us, p99 {spread(p99)} us")
print(f"  fleet/standalone per round: median {spread(ratios, '{:.2f}')}")
def zk(kind):
    runs_ = list(runs[kind].values())
    return (sum(int(r['leases']) for r in runs_), sum(float(r['seconds']) for r in runs_),
            sum(int(r['zk_requests']) for r in runs_),
            sum(int(r['zk_node_reads']) + int(r['zk_node_writes']) for r in runs_))
leases, seconds, requests, node = zk('fleet')
_, idle_seconds, idle_requests, idle_node = zk('standalone')
print(f"ZooKeeper requests during the {len(runs['fleet'])} fleet runs ({leases:,} leases, warm-up cycles included, {seconds:.1f} s):"
      f" {requests}, {1000 * requests / leases:.4f} per 1,000 leases, {requests / seconds:.2f} per second;"
      f" {node} node reads and writes")
print(f"  while the standalone server was measured (the fleet server idle, {idle_seconds:.1f} s): {idle_requests},"
      f" {idle_requests / idle_seconds:.2f} per second; {idle_node} node reads and writes")
print(f"  a session's pings alone: one per {ping_every:.1f} s, {1 / ping_every:.2f} per second, so about {seconds / ping_every:.0f} in the fleet runs")
print("  (node reads and writes count ZooKeeper's own removal of empty container nodes too: at most one pass a minute)")
EOF
