#!/usr/bin/env bash
# Scale on one box (issue #9, goal 4): builds the project, then runs the scale benchmark
# (io.rmipool.bench.scale.ScaleBenchmark in pool-bench) against a real pool-server.jar that it starts
# on a free loopback port:
#   1. 1,000 callers blocked in lease at once, then served one after the other (PASS/FAIL);
#   2. 100 client JVMs logged in and holding a lease at the same moment (PASS/FAIL);
#   3. the server's memory and threads with 0, 100, 500 and 1,000 idle sessions, and per session.
# The report goes to stdout, progress to stderr, logs to pool-bench/target/scale-bench/; the exit code
# is 1 when a check failed. About 8 minutes on 2 cores (4 more with --idle-watch 4m).
#
# Usage: benchmarks/scale.sh [--no-build] [options]
#   --no-build            use the jars already built
#   --report FILE         also write the report: Markdown if FILE ends in .md, else CSV
#   --idle-watch 4m       part 3: then watch the idle sessions (RMI's DGC renewals come after 5 min)
#   --parts waiters,holders,sessions, --callers N, --caller-jvms N, --holders N, --holder-batch N,
#   --session-levels 100,500,1000, --sessions-per-jvm N, --server-jvm-option OPT: see --help
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--no-build" ]]; then
    shift
else
    ./mvnw -B -q install -DskipTests
fi

# A hard bound on the whole run; on expiry the benchmark gets SIGTERM and stops every process it started.
exec timeout --kill-after=60s 40m \
    java -cp pool-bench/target/pool-bench.jar io.rmipool.bench.scale.ScaleBenchmark "$@"
