#!/usr/bin/env bash
# Cluster figures of BENCHMARKS.md: `parley-bench ws` against NODES parley-server nodes sharing one
# database and one Redis (NODES=1 without Redis is the single-node baseline), RUNS times each, fresh
# data directory, Redis and servers per run, the per-connection rate limit off (PARLEY_WS_RATE=0, as
# in the single-node figures). Prints each run's JSON line; the medians go in
# BENCHMARKS.md by hand.
#
#   bench/run-cluster-bench.sh BUILD_DIR NODES REDIS(yes|no) RUNS -- <parley-bench ws options>
#
# Example: bench/run-cluster-bench.sh build 2 yes 3 -- --members 20 --senders 4 --messages 20000
# With BENCH_POSTGRES=postgresql://USER:PASSWORD@HOST:PORT (a server whose user may create
# databases, e.g. the URL `scripts/test-services/postgres start DIR` prints) the nodes share a fresh
# PostgreSQL database per run instead of one SQLite file.
# Only this script's own processes are stopped, by pid.
set -euo pipefail

build=${1:?usage: run-cluster-bench.sh BUILD_DIR NODES yes|no RUNS -- BENCH_OPTIONS}
nodes=${2:?}
redis=${3:?}
runs=${4:?}
shift 4
[ "${1:-}" = "--" ] && shift
here=$(cd "$(dirname "$0")/.." && pwd)

for run in $(seq "$runs"); do
    work=$(mktemp -d)
    pids=()
    database=()
    if [ -n "${BENCH_POSTGRES:-}" ]; then
        name="parley_bench_$$_$run"
        psql -q "$BENCH_POSTGRES/postgres" -c "CREATE DATABASE $name" >/dev/null
        database=(--database "$BENCH_POSTGRES/$name")
    fi
    cleanup() {
        for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
        wait 2>/dev/null || true
        [ -n "${BENCH_POSTGRES:-}" ] && psql -q "$BENCH_POSTGRES/postgres" -c "DROP DATABASE IF EXISTS $name" >/dev/null || true
        [ "$redis" = yes ] && "$here/scripts/test-services/redis" stop "$work/redis" || true
        rm -rf "$work"
    }
    trap cleanup EXIT
    args=()
    if [ "$redis" = yes ]; then
        url=$("$here/scripts/test-services/redis" start "$work/redis")
        args=(--redis "$url")
    fi
    mkdir -p "$work/data"
    urls=()
    for n in $(seq 0 $((nodes - 1))); do
        demo=()
        [ "$n" = 0 ] && demo=(--demo)
        PARLEY_WS_RATE=0 "$build/server/parley-server" "${demo[@]}" --data-dir "$work/data" --listen 127.0.0.1:0 \
            "${database[@]}" "${args[@]}" >"$work/node$n.out" 2>"$work/node$n.err" &
        pids+=($!)
        for _ in $(seq 200); do
            grep -q 'listening on' "$work/node$n.out" && break
            sleep 0.05
        done
        urls+=("$(grep -o 'http://127.0.0.1:[0-9]*' "$work/node$n.out")")
        sleep 0.5 # let Redis connect before the next node and the bench
    done
    list=$(IFS=,; echo "${urls[*]}")
    echo "# run $run: $nodes node(s), redis=$redis, database=$([ -n "${BENCH_POSTGRES:-}" ] && echo postgresql || echo sqlite); uptime:$(uptime | sed 's/.*load/ load/')" >&2
    "$build/bench/parley-bench" ws --server "${urls[0]}" --nodes "$list" --json "$@"
    cleanup
    trap - EXIT
done
