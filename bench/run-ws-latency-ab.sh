#!/bin/bash
# Open-loop delivery latency (BENCHMARKS.md, "WebSocket (real-time)"), A/B over server settings:
# ROUNDS rounds, each running every setting once in turn (interleaved, so drifts of a noisy machine
# hit all alike) on a fresh server and data directory, then the median p50/p99 per setting.
# usage: bench/run-ws-latency-ab.sh BUILD_DIR ROUNDS PORT "ENV=VALUE ..." ["ENV=VALUE ..." ...]
#   bench/run-ws-latency-ab.sh build 5 18090 "PARLEY_SQLITE_CHECKPOINT_PAGES=0" ""
# Extra parley-bench arguments: BENCH_ARGS (default: 50 members, 5 senders, 100 msg/s, 10 s).
# A setting may name another server build, SERVER_BUILD=DIR (the bench stays BUILD_DIR's): an A/B
# of two builds. The summary line shows the p99 and, for a closed loop, msg/s and server CPU, and
# the mean duration of the server's group commits (parley_db_commit_duration_seconds).
# PIN=1 (in the environment, or in a setting: "PIN=1" "" compares both) runs the server on CPU 0
# and the bench on CPU 1 (taskset). Unpinned, the kernel wakes the bench on the core the server is
# writing its frames from (a frame on loopback is a "sync" wake-up), so the two take turns on one
# core while the other idles; pinned, a host that steals one core stalls whoever is on it
# (BENCHMARKS.md, "Session 9").
#   BENCH_ARGS="--members 50 --senders 5 --messages 20000 --window 64" \
#     bench/run-ws-latency-ab.sh build 3 18090 "SERVER_BUILD=../old/build" ""
set -u
B=$1; ROUNDS=$2; PORT=$3; shift 3
ARGS=${BENCH_ARGS:---members 50 --senders 5 --rate 100 --seconds 10}
OUT=$(mktemp -d)
for round in $(seq 1 "$ROUNDS"); do
  i=0
  for setting in "$@"; do
    i=$((i + 1))
    D=$(mktemp -d)
    S=$(env $setting bash -c 'echo "${SERVER_BUILD:-}"'); S=${S:-$B}
    SERVER_ON=(); BENCH_ON=()
    if [ "$(env $setting bash -c 'echo "${PIN:-0}"')" = 1 ] && [ "$(nproc)" -ge 2 ]; then
      SERVER_ON=(taskset -c 0); BENCH_ON=(taskset -c 1)
    fi
    echo admin-password-1 | $S/server/parley-server user add admin --role admin --data-dir $D >/dev/null 2>&1
    env $setting PARLEY_WS_RATE=0 "${SERVER_ON[@]}" $S/server/parley-server --data-dir $D --listen 127.0.0.1:$PORT > $D/server.log 2>&1 &
    SP=$!
    sleep 1
    "${BENCH_ON[@]}" $B/bench/parley-bench ws --server http://127.0.0.1:$PORT --admin-user admin \
      --admin-password admin-password-1 $ARGS --server-pid $SP > $OUT/run-$i-$round.txt 2>&1
    load=$(cut -d' ' -f1 /proc/loadavg)
    line=$(grep -iE "persisted|delivery latency|ack latency|per message" $OUT/run-$i-$round.txt | tr '\n' ' ')
    commit=$(curl -s http://127.0.0.1:$PORT/metrics | awk '/^parley_db_commit_duration_seconds_sum/ {s = $2}
      /^parley_db_commit_duration_seconds_count/ {c = $2} END {if (c) printf "%.0f", s / c * 1e6}')
    echo "round $round [$setting] load $load: $line group commit mean ${commit:-?} us"
    kill $SP; wait $SP
    rm -rf $D
  done
done
echo "raw outputs in $OUT"
