#!/usr/bin/env bash
# Builds RMI Pool, starts a pool server, runs the seed's 11-process demo against it, stops the server.
#   scripts/demo.sh            the safe pool: 10 leased, 1 failed, 0 duplicates
#   scripts/demo.sh --unsafe   the seed's race on purpose (--unsafe --race-delay 100ms, demo --hold 1s)
# PORT (default 1099) picks the server's port.
set -euo pipefail
cd "$(dirname "$0")/.."

server_args=()
demo_args=()
case "${1:-}" in
  "") ;;
  --unsafe) server_args=(--unsafe --race-delay 100ms); demo_args=(--hold 1s) ;;
  *) echo "usage: scripts/demo.sh [--unsafe]" >&2; exit 2 ;;
esac
port="${PORT:-1099}"

./mvnw -B -q package -DskipTests

out=$(mktemp)
# The server logs at WARN here so the demo reads like the seed; see README for POOL_LOG_LEVEL.
POOL_LOG_LEVEL=WARN java -jar pool-server/target/pool-server.jar --port "$port" "${server_args[@]}" >"$out" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$out"' EXIT

for _ in $(seq 1 300); do
  grep -q ready "$out" && break
  kill -0 $server 2>/dev/null || { echo "demo: the pool server did not start" >&2; exit 1; }
  sleep 0.1
done
grep -q ready "$out" || { echo "demo: the pool server was not ready within 30 s" >&2; exit 1; }
cat "$out"

# the client through its launcher: the same jar, started with the flags a short-lived JVM starts fastest with
scripts/pool-client demo --server "localhost:$port" "${demo_args[@]}"
