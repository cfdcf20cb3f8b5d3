#!/bin/bash
# A perf profile of parley-server under parley-bench ws (BENCHMARKS.md, "Session 7"): a fresh
# server and data directory, perf attached once the bench's sockets are open (the setup's
# password hashing stays out of the profile), for PERF_SECONDS (default 3).
# usage: bench/run-ws-profile.sh BUILD_DIR OUT.data PORT [perf record options]
#   bench/run-ws-profile.sh build /tmp/ws.data 18091 -F 800 --call-graph dwarf,16384
#   perf report -i /tmp/ws.data --children --sort symbol
# Bench arguments: BENCH_ARGS (default: closed loop, 50 members, 5 senders, 60,000 messages).
# PIN=1: server on CPU 0, bench on CPU 1, as in run-ws-latency-ab.sh.
set -u
B=$1; OUT=$2; PORT=$3; shift 3
SERVER_ON=(); BENCH_ON=()
if [ "${PIN:-0}" = 1 ] && [ "$(nproc)" -ge 2 ]; then SERVER_ON=(taskset -c 0); BENCH_ON=(taskset -c 1); fi
D=$(mktemp -d)
echo admin-password-1 | $B/server/parley-server user add admin --role admin --data-dir $D >/dev/null 2>&1
PARLEY_WS_RATE=0 "${SERVER_ON[@]}" $B/server/parley-server --data-dir $D --listen 127.0.0.1:$PORT > $D/server.log 2>&1 &
SP=$!
sleep 1
"${BENCH_ON[@]}" $B/bench/parley-bench ws --server http://127.0.0.1:$PORT --admin-user admin \
  --admin-password admin-password-1 \
  ${BENCH_ARGS:---members 50 --senders 5 --messages 60000 --window 64} --server-pid $SP \
  > $D/bench.txt 2>&1 &
BP=$!
until grep -q "sockets open" $D/bench.txt || ! kill -0 $BP 2>/dev/null; do sleep 0.05; done
sleep 0.3
perf record "$@" -p $SP -o "$OUT" -- sleep "${PERF_SECONDS:-3}" > /dev/null 2>&1
wait $BP
tail -4 $D/bench.txt
kill $SP
wait $SP
rm -rf $D
