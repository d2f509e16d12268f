# Sourced by the benchmark scripts: pool servers on free loopback ports (H2 in memory, logging at
# WARN), all stopped when the script exits.
#   start_server JAR NAME [OPTION...]   starts JAR (with the server options given), waits until it is
#                                       ready, sets server_port; NAME is for errors
bench_servers=()
bench_logs=()
trap 'for s in "${bench_servers[@]}"; do kill -TERM "$s" 2>/dev/null; wait "$s" 2>/dev/null; done; rm -f "${bench_logs[@]}"' EXIT

start_server() {
  local jar=$1 name=$2 log
  shift 2
  server_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log=$(mktemp)
  bench_logs+=("$log")
  POOL_LOG_LEVEL=WARN java -jar "$jar" --port "$server_port" "$@" >"$log" 2>&1 &
  bench_servers+=("$!")
  for _ in $(seq 1 300); do
    grep -q ready "$log" && return 0
    sleep 0.1
  done
  echo "$name: the pool server ($jar) did not start: $(cat "$log")" >&2
  exit 1
}
