#!/usr/bin/env bash
# Runs the REST configurations of BENCHMARKS.md, each RUNS times against a fresh server (new temp
# data dir, --demo for the admin account), then prints the medians across runs as Markdown.
#
#   bench/run-rest-bench.sh BUILD_DIR [RUNS=3] [OUT_DIR]
#   bench/run-rest-bench.sh --summarize OUT_DIR...   # medians over the runs of several suites
#
# BUILD_DIR holds server/parley-server and bench/parley-bench. Every run's JSON and logs stay in
# OUT_DIR (default: a new temp dir, printed at the end). Only this script's own server processes
# are stopped, by pid.
#
# Shared machines are noisy. Before each run the script waits (up to QUIET_WAIT_S, default 900)
# until the machine has been at least 90% idle for 3 s, and a run during which other processes
# used more than MAX_OTHER_CPU (default 0.25 of one core) in a measured phase is discarded and
# repeated (up to ATTEMPTS, default 8; then the last one is kept and counted as noisy in the
# summary). A run that fails is also repeated; if every attempt fails the script stops.
#
# PostgreSQL: with PG_URL=postgresql://user:password@host:port (a user that may create databases,
# e.g. the URL `scripts/test-services/postgres start DIR --durable` prints), the script runs the
# SQLite-against-PostgreSQL comparison instead; every PostgreSQL run gets a new database, dropped
# afterwards.
set -euo pipefail

build=${1:?usage: run-rest-bench.sh BUILD_DIR [RUNS] [OUT_DIR] | --summarize DIR...}
quiet_wait=${QUIET_WAIT_S:-900}
max_other=${MAX_OTHER_CPU:-0.25}
attempts=${ATTEMPTS:-8}

# summarize MAX_OTHER DIR...: medians per configuration over every run in the directories (two
# suites of 3 runs give medians of 6).
summarize() {
    python3 - "$@" <<'PY'
import glob, json, os, statistics, sys
max_other = float(sys.argv[1])
dirs = sys.argv[2:]
configs, first = {}, {}
for d in dirs:
    for path in sorted(glob.glob(os.path.join(d, "*.json"))):
        if ".failed" in path:
            continue
        name = os.path.basename(path).rsplit(".", 2)[0]
        configs.setdefault(name, []).append(json.load(open(path)))
        first[name] = min(first.get(name, float("inf")), os.path.getmtime(path))
# In the order the runs were made.
configs = dict(sorted(configs.items(), key=lambda kv: first[kv[0]]))

def med(runs, phase, *keys):
    values = []
    for r in runs:
        v = r[phase]
        for k in keys:
            v = v[k]
        values.append(v)
    return statistics.median(values)

def pct(runs, phase, key):
    return statistics.median(100 * r[phase].get(key, 0) / r[phase]["seconds"] for r in runs)

def server_ms(runs, phase):  # server CPU time per request
    return statistics.median(1000 * r[phase].get("server_cpu_s", 0) / max(r[phase]["requests"], 1)
                             for r in runs)

counts = sorted({len(runs) for runs in configs.values()})
print(f"Medians of {'/'.join(map(str, counts))} runs per configuration ({' '.join(dirs)})\n")
for phase, title in (("send", "sends"), ("history", "history pages (limit 50)")):
    print(f"{title}:\n")
    print("| configuration | req/s | median ms | p90 ms | p99 ms | max ms | server cpu "
          "| server ms/req | bench cpu | other cpu |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, runs in configs.items():
        print(f"| {name} | {med(runs, phase, 'rate_per_s'):.1f} "
              f"| {med(runs, phase, 'latency_ms', 'median'):.2f} "
              f"| {med(runs, phase, 'latency_ms', 'p90'):.2f} "
              f"| {med(runs, phase, 'latency_ms', 'p99'):.2f} "
              f"| {med(runs, phase, 'latency_ms', 'max'):.2f} "
              f"| {pct(runs, phase, 'server_cpu_s'):.0f}% "
              f"| {server_ms(runs, phase):.2f} "
              f"| {pct(runs, phase, 'bench_cpu_s'):.0f}% "
              f"| {pct(runs, phase, 'other_cpu_s'):.0f}% |")
    print()
def noisy(r):
    return any(r[p].get("other_cpu_s", 0) / max(r[p]["seconds"], 1e-9) > max_other
               for p in ("send", "history"))
for name, runs in configs.items():
    rates = ", ".join(f"{r['send']['rate_per_s']:.0f}" for r in runs)
    pages = ", ".join(f"{r['history']['rate_per_s']:.0f}" for r in runs)
    flagged = sum(noisy(r) for r in runs)
    print(f"{name}: sends/s per run {rates}; pages/s per run {pages}"
          + (f"; {flagged} noisy run(s) kept" if flagged else ""))
PY
}

if [[ $build == --summarize ]]; then
    shift
    summarize "$max_other" "$@"
    exit
fi

runs=${2:-3}
out=${3:-$(mktemp -d -t parley-bench.XXXXXX)}
server=$build/server/parley-server
bench=$build/bench/parley-bench
mkdir -p "$out"

# Percent of the last 3 s the whole machine was idle.
idle_percent() {
    local a b
    a=($(head -1 /proc/stat))
    sleep 3
    b=($(head -1 /proc/stat))
    local total=0 i
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    echo $(((100 * (b[4] - a[4] + b[5] - a[5])) / (total > 0 ? total : 1)))
}

wait_quiet() {
    local waited=0 idle
    while idle=$(idle_percent); ((idle < 90)); do
        waited=$((waited + 3))
        if ((waited >= quiet_wait)); then
            echo "  machine still busy (${idle}% idle) after ${waited}s: running anyway" >&2
            return
        fi
    done
}

# Largest share of one core other processes used in a measured phase of a run's JSON.
other_share() {
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(max(r[p].get("other_cpu_s",0)/max(r[p]["seconds"],1e-9) for p in ("send","history")))' "$1"
}

# run_config NAME RUN [VAR=value ...] -- [parley-bench rest options ...]: run number RUN of a
# configuration, repeated while it fails or other processes disturb it.
run_config() {
    local name=$1 i=$2
    shift 2
    local envs=()
    while [[ $1 != -- ]]; do envs+=("$1"); shift; done
    shift
    local attempt
    for attempt in $(seq 1 "$attempts"); do
        if ! run_once "$name" "$i" "${envs[@]}" -- "$@"; then
            local f
            for f in json bench.log server.out server.log; do
                mv "$out/$name.$i.$f" "$out/$name.$i.failed$attempt.$f" 2>/dev/null || true
            done
            if ((attempt == attempts)); then
                echo "$name run $i: every attempt failed" >&2
                exit 1
            fi
            continue
        fi
        local other
        other=$(other_share "$out/$name.$i.json")
        echo "$name run $i (attempt $attempt): $(grep -o 'verified: [^(]*' \
            "$out/$name.$i.bench.log"); other cpu $other" >&2
        if python3 -c 'import sys; sys.exit(float(sys.argv[1]) > float(sys.argv[2]))' \
            "$other" "$max_other"; then
            break
        fi
        echo "  other processes were busy during the run: discarded" >&2
    done
}

# run_once NAME RUN [VAR=value ...] -- [parley-bench rest options ...]: one fresh server, one bench.
run_once() {
    local name=$1 i=$2
    shift 2
    local envs=()
    while [[ $1 != -- ]]; do envs+=("$1"); shift; done
    shift
    local data url="" pid db=""
    # PARLEY_DATABASE=fresh: a new PostgreSQL database on $PG_URL for this run.
    local k
    for k in "${!envs[@]}"; do
        if [[ ${envs[$k]} == PARLEY_DATABASE=fresh ]]; then
            db=parley_bench_${name//-/_}_${i}_$$
            psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
            envs[$k]=PARLEY_DATABASE=$PG_URL/$db
        fi
    done
    wait_quiet
    data=$(mktemp -d -t parley-data.XXXXXX)
    env "${envs[@]}" "$server" --demo --data-dir "$data" --listen 127.0.0.1:0 \
        >"$out/$name.$i.server.out" 2>"$out/$name.$i.server.log" &
    pid=$!
    for _ in $(seq 300); do
        url=$(sed -n 's/^parley-server listening on //p' "$out/$name.$i.server.out")
        [[ -n $url ]] && break
        sleep 0.1
    done
    if [[ -z $url ]]; then
        echo "$name run $i: the server did not start" >&2
        kill "$pid" 2>/dev/null || true
        wait "$pid" || true
        return 1
    fi
    sleep 1 # let the demo seeding and the start-up settle
    if ! "$bench" rest --server "$url" --server-pid "$pid" --json "$@" \
        >"$out/$name.$i.json" 2>"$out/$name.$i.bench.log"; then
        echo "$name run $i failed:" >&2
        cat "$out/$name.$i.bench.log" >&2
        kill "$pid" 2>/dev/null || true
        wait "$pid" || true
        return 1
    fi
    kill "$pid"
    wait "$pid" || true
    rm -rf "$data"
    [[ -z $db ]] || psql -q "$PG_URL/postgres" -c "DROP DATABASE $db"
}

# Round-robin: run i of every configuration before run i+1 of any, so that slow drifts of the
# machine (other tenants, disk flush speed) spread over all configurations instead of one.
if [[ -n ${PG_URL:-} ]]; then
    for i in $(seq 1 "$runs"); do
        run_config sqlite-c1 "$i" -- --concurrency 1
        run_config postgres-c1 "$i" PARLEY_DATABASE=fresh -- --concurrency 1
        run_config postgres-c1-async "$i" PARLEY_DATABASE=fresh \
            PGOPTIONS="-c synchronous_commit=off" -- --concurrency 1
        run_config sqlite-c16 "$i" -- --concurrency 16
        run_config postgres-c16 "$i" PARLEY_DATABASE=fresh -- --concurrency 16
        run_config postgres-c16-async "$i" PARLEY_DATABASE=fresh \
            PGOPTIONS="-c synchronous_commit=off" -- --concurrency 16
    done
    summarize "$max_other" "$out"
    echo "runs in $out" >&2
    exit
fi

for i in $(seq 1 "$runs"); do
    run_config rest-c1 "$i" -- --concurrency 1
    run_config rest-c1-full "$i" PARLEY_SQLITE_SYNCHRONOUS=full -- --concurrency 1
    run_config rest-c16 "$i" -- --concurrency 16
    run_config rest-c16-full "$i" PARLEY_SQLITE_SYNCHRONOUS=full -- --concurrency 16
    run_config rest-c16-group "$i" -- --concurrency 16 --rooms group
    run_config rest-c16-qnam "$i" -- --concurrency 16 --client qnam
done

summarize "$max_other" "$out"
echo "runs in $out" >&2
