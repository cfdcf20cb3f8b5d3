#!/bin/bash
# Search latency and server CPU per search (BENCHMARKS.md, "Search latency over 1M messages"): a
# fresh server on a COPY of a seeded data directory (bench/seed; the server may write to it), then
# parley-bench search; once per server setting given (ENV=VALUE ..., "" for none).
# usage: bench/run-search-bench.sh BUILD_DIR DATA_DIR USER QUERIES PORT "ENV=VALUE ..." [...]
#   bench/run-search-bench.sh build /tmp/seedcopy benchstaff 1000 18951 "" "PARLEY_SQLITE_MMAP_MB=0"
set -u
B=$1; DATA=$2; USER=$3; Q=$4; PORT=$5; shift 5
for setting in "$@"; do
  env $setting PARLEY_WRITE_RATE=0 PARLEY_LOGIN_FAILURES_PER_IP=0 $B/server/parley-server \
    --data-dir "$DATA" --listen 127.0.0.1:$PORT > "$DATA/server.log" 2>&1 &
  SP=$!
  sleep 1.5
  ticks=$(getconf CLK_TCK)
  c0=$(awk '{print $14+$15}' /proc/$SP/stat)
  out=$($B/bench/parley-bench search --server http://127.0.0.1:$PORT --user "$USER" \
    --password pw-benchmark --queries "$Q" --warmup 200 --seed 11 2>&1)
  c1=$(awk '{print $14+$15}' /proc/$SP/stat)
  echo "[$setting] load $(cut -d' ' -f1 /proc/loadavg): server CPU" \
    "$(( (c1 - c0) * 1000000 / ticks / (Q + 200) )) us per search"
  echo "$out" | grep -E "^(all|one word|two words|partial word|CJK)" || echo "$out" | tail -5
  kill $SP; wait $SP 2>/dev/null
done
