#!/usr/bin/env bash
# Other users' latency while someone floods (BENCHMARKS.md "Hardening"). Starts a fresh server
# (--demo, default limits), then runs the `ws` scenario as the "victim" (open loop, 50 msg/s in a
# room of 20) three ways: alone, next to a flooder that ignores the rate limit (5 sockets, closed
# loop, 256 frames in flight each) and next to a flooder that stays just under it (20 sockets at
# 30 frames/s each, under the 50/s limit). Prints the victim's p50/p99 per case and the p99 ratio to the baseline.
#
#   bench/run-flood-bench.sh BUILD_DIR [SECONDS=20]
set -euo pipefail
build=${1:?usage: run-flood-bench.sh BUILD_DIR [SECONDS]}
seconds=${2:-20}
work=$(mktemp -d)
"$build/server/parley-server" --demo --data-dir "$work/data" --listen 127.0.0.1:0 \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q listening "$work/server.out" && break
  sleep 0.1
done
url=$(grep -o 'http://[0-9.:]*' "$work/server.out")
bench=("$build/bench/parley-bench")

victim() {
  "${bench[@]}" ws --server "$url" --json --members 20 --senders 5 --rate 50 \
    --seconds "$seconds" --warmup 50 --seed "$1" >"$work/victim-$2.json"
}
summary() {
  /usr/bin/python3 - "$work/victim-$1.json" "$1" "${2:-}" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def find(o):
    if isinstance(o, dict):
        if "p99" in o and "median" in o:
            return o
        for v in o.values():
            r = find(v)
            if r: return r
    if isinstance(o, list):
        for v in o:
            r = find(v)
            if r: return r
lat = find(d)
line = f"{sys.argv[2]}: p50 {lat['median']} ms, p99 {lat['p99']} ms"
if sys.argv[3]:
    base = find(json.load(open(sys.argv[3])))
    line += f", p99 ratio to baseline {lat['p99'] / base['p99']:.2f}"
print(line)
PY
}

echo "load before: $(uptime)"
victim 1 baseline
summary baseline

# Over the limit: frames beyond 50/s per socket get rate_limited; persistent flooders are closed.
"${bench[@]}" ws --server "$url" --members 5 --senders 5 --window 256 --messages 10000000 \
  --duration-limit $((seconds + 10)) --warmup 0 --seed 7 >"$work/flood-over.out" 2>&1 &
flooder=$!
sleep 1
victim 2 over
kill $flooder 2>/dev/null || true
wait $flooder 2>/dev/null || true
summary over "$work/victim-baseline.json"

# Under the limit: 20 sockets at 30 frames/s (the limit is 50/s), all stored and broadcast.
"${bench[@]}" ws --server "$url" --members 20 --senders 20 --rate 600 --seconds $((seconds + 5)) \
  --warmup 0 --seed 9 >"$work/flood-under.out" 2>&1 &
flooder=$!
sleep 1
victim 3 under
wait $flooder 2>/dev/null || true
summary under "$work/victim-baseline.json"
echo "load after: $(uptime)"
echo "raw output: $work"
