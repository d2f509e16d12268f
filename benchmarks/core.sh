#!/usr/bin/env bash
# The pool core's lease + release against HikariCP's getConnection + close and Commons Pool 2's
# borrowObject + returnObject, under JMH, all over the same stub driver (issue #9, goal 3).
#
#   benchmarks/core.sh [results.csv] [more JMH options...]
#
# Builds pool-bench when its jar is missing or older than a source or POM, then runs
# io.rmipool.bench.core.PoolCycleBenchmark once per thread count (THREADS, default "1 2 8"), pool sizes
# 4 and 16, with SETTINGS (default: 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement, JMH's gc profiler
# for B/op): about 5 minutes on 2 cores. Writes JMH's CSV to $1 (default pool-bench/target/core.csv),
# then prints a Markdown table of ops/s (one op = one lease + release) by threads, size and pool, with
# the ratios ours/HikariCP and ours/Commons Pool 2. Options after $1 go to JMH as they are (e.g.
# -p size=4, or -prof stack); JMH refuses an option given twice, so change the settings above through
# SETTINGS, e.g.
#   SETTINGS="-f 1 -wi 1 -w 1s -i 2 -r 1s" THREADS=8 benchmarks/core.sh /tmp/quick.csv -p size=4
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/pool-bench/target/core.csv
if [ $# -ge 1 ]; then
  case $1 in /*) out=$1 ;; *) out=$PWD/$1 ;; esac
  shift
fi
cd "$root"
threads=${THREADS:-1 2 8}
settings=${SETTINGS:--f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}
jar=pool-bench/target/pool-bench.jar

if [ ! -f "$jar" ] || [ -n "$(find pom.xml pool-api pool-server pool-client pool-bench -name target -prune \
        -o -type f -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -q install -DskipTests -pl pool-bench -am
fi

parts=$(mktemp -d)
trap 'rm -rf "$parts"' EXIT
# the pool core's log level (its log4j2.xml reads it); the forked benchmark JVMs inherit it
export POOL_LOG_LEVEL=WARN
for t in $threads; do
  # $settings unquoted: one word per option
  java -jar "$jar" 'io\.rmipool\.bench\.core\.PoolCycleBenchmark\.' \
    $settings -t "$t" -rf csv -rff "$parts/t$t.csv" "$@"
done

mkdir -p "$(dirname "$out")"
first=1
for t in $threads; do
  if [ $first = 1 ]; then cat "$parts/t$t.csv"; first=0; else tail -n +2 "$parts/t$t.csv"; fi
done > "$out"
echo
echo "JMH results: $out"
echo

# JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: size"
awk -F, '
  function group(n,   s) {  # 1234567 -> 1,234,567
    s = sprintf("%.0f", n)
    while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]([,]|$)/, ",&", s)
    return s
  }
  function cell(key) {
    if (!(key in score)) return "-"
    return group(score[key]) (err[key] == "NaN" ? "" : sprintf(" ±%.0f%%", 100 * err[key] / score[key]))
  }
  function ratio(a, b,   r) {
    if (!(a in score) || !(b in score)) return "-"
    r = score[a] / score[b]
    return sprintf(r < 0.1 ? "%.3f" : "%.2f", r)
  }
  function bytes(key) { return (key in alloc) ? sprintf("%.0f", alloc[key]) : "-" }
  NR == 1 { next }
  {
    for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
    metric = split($1, m, ":") == 2 ? m[2] : ""   # e.g. ...PoolCycleBenchmark.ours:gc.alloc.rate.norm
    n = split(m[1], name, ".")
    method = name[n]
    key = $3 SUBSEP $8 SUBSEP method
    if (metric == "" && $2 == "thrpt") { score[key] = $5; err[key] = $6; rows[$3 SUBSEP $8] = 1 }
    else if (metric == "gc.alloc.rate.norm") { alloc[key] = $5; withAlloc = 1 }
  }
  END {
    printf "| threads | connections | ours (ops/s) | HikariCP | Commons Pool 2 | ours/HikariCP | ours/Commons Pool 2 |"
    if (withAlloc) printf " B/op ours / HikariCP / CP2 |"
    printf "\n|---|---|---|---|---|---|---|%s\n", withAlloc ? "---|" : ""
    count = 0
    for (r in rows) { split(r, tp, SUBSEP); order[++count] = sprintf("%06d %06d", tp[1], tp[2]) SUBSEP r }
    for (i = 1; i <= count; i++)   # insertion sort by threads, then size
      for (j = i; j > 1 && order[j] < order[j - 1]; j--) { tmp = order[j]; order[j] = order[j - 1]; order[j - 1] = tmp }
    for (i = 1; i <= count; i++) {
      split(order[i], o, SUBSEP); t = o[2]; s = o[3]
      ours = t SUBSEP s SUBSEP "ours"; hik = t SUBSEP s SUBSEP "hikariCP"; cp2 = t SUBSEP s SUBSEP "commonsPool2"
      printf "| %s | %s | %s | %s | %s | %s | %s |", t, s, cell(ours), cell(hik), cell(cp2), ratio(ours, hik), ratio(ours, cp2)
      if (withAlloc) printf " %s / %s / %s |", bytes(ours), bytes(hik), bytes(cp2)
      printf "\n"
    }
  }' "$out"
