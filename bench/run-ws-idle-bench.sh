#!/bin/bash
# Server memory per idle WebSocket (BENCHMARKS.md): a fresh server and data directory, then
# parley-bench ws-idle. RAW=1: plain-TCP WebSockets on the server's own layer; 0: on QWebSocket.
# usage: bench/run-ws-idle-bench.sh BUILD_DIR RAW CONNECTIONS SETTLE_S PORT
set -u
B=$1; RAW=$2; N=$3; SETTLE=$4; PORT=$5
D=$(mktemp -d)
echo admin-password-1 | $B/server/parley-server user add admin --role admin --data-dir $D >/dev/null 2>&1
PARLEY_RAW_WEBSOCKETS=$RAW PARLEY_WS_RATE=0 PARLEY_MAX_CONNECTIONS_PER_IP=30000 $B/server/parley-server --data-dir $D --listen 127.0.0.1:$PORT > $D/server.log 2>&1 &
SP=$!
sleep 2
echo "raw=$RAW $(uptime)"
$B/bench/parley-bench ws-idle --server http://127.0.0.1:$PORT --admin-user admin --admin-password admin-password-1 --connections $N --settle $SETTLE --server-pid $SP --duration-limit 600 2>&1 | grep -v setup
grep VmHWM /proc/$SP/status
kill $SP; wait $SP; RC=$?
echo "server rc=$RC"
if [ $RC -ne 0 ]; then tail -20 $D/server.log; else rm -rf $D; fi
