#!/usr/bin/env bash
# The cluster's figures (docs/benchmarks.md "Cluster on Redis"): hub nodes as real processes on
# loopback sharing one fresh redis-server, loaded by the load tool, which spreads its subscribers
# over the nodes' URLs (and over worker processes past one process's open-file limit). Writes one
# JSON line per run and an HTML page per run into the output directory. Run it on an otherwise
# idle machine.
#
# Usage: [NODE_ENV="NAME=value ..."] scripts/cluster-bench.sh [out-dir] [scenario ...]
#   cost       15,000 subscribers, one broadcast topic, 4 publishes/s: one node alone (the hub's
#              defaults), then 3 nodes on Redis; with each, the hub CPU per delivery, and for the
#              cluster Redis's CPU per publish
#   manytopics 15,000 subscribers on 3 nodes, 15,000 topics, 2,000 publishes/s to random nodes
#   ha         200,000 subscribers over 12 nodes in 12 worker processes, a broadcast every 5
#              seconds for 90 s; one node killed with kill -9 after 30 s of publishing, its
#              subscribers reconnecting to the other nodes with Last-Event-ID. 12 nodes, not 11:
#              after the kill, the 11 left hold about 18,200 each, under one process's 20,000 files
# Needs: redis-server, 20,000 open files (ulimit -n 20000), for ha about 6 GB of memory.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/cluster-bench}
shift || true
scenarios=${*:-cost manytopics ha}
mkdir -p "$out"
out=$(cd "$out" && pwd)
hub_jar=$PWD/quicksilver-server/target/quicksilver.jar
tool_jar=$PWD/quicksilver-loadtest/target/quicksilver-loadtest.jar
[ -f "$hub_jar" ] && [ -f "$tool_jar" ] || ./mvnw -B -q package -DskipTests
work=$(mktemp -d)
redis_port=6390
secret='cluster-bench-secret-cluster-bench-secret'
node_pids=()
redis_pid=
trap 'stop_all; rm -rf "$work"' EXIT

stop_all() {
  # The nodes' logs stay with the results: what a node said during a run is part of it.
  for f in "$work"/node*.log; do [ -f "$f" ] && cp "$f" "$out/${scenario:-run}-$(basename "$f")"; done
  for p in "${node_pids[@]}" $redis_pid; do kill "$p" 2>/dev/null || true; done
  for p in "${node_pids[@]}" $redis_pid; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
  node_pids=()
  redis_pid=
}

# An HS256 token allowing every publish, for the shared key.
publisher_token() {
  local b64='openssl base64 -A | tr "+/" "-_" | tr -d "="'
  local header payload signature
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | eval "$b64")
  payload=$(printf '{"mercure":{"publish":["*"]}}' | eval "$b64")
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -binary -sha256 -hmac "$secret" | eval "$b64")
  echo "$header.$payload.$signature"
}

# A fresh redis-server, in memory with an append-only file written every second (a usual
# production setting; docs/cluster.md says what each setting keeps).
start_redis() {
  rm -rf "$work/redis" && mkdir -p "$work/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --save '' --appendonly yes \
    --appendfsync everysec --maxclients 1000 --daemonize no >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  cat "$work/redis.log"; exit 1
}

# start_nodes <count> [settings...]: hub nodes on 3901, 3902, ...; with no settings, one node with
# its defaults (durable history in a fresh directory); otherwise on the Redis transport.
start_nodes() {
  local count=$1
  shift
  hubs=
  for i in $(seq 1 "$count"); do
    local port=$((3900 + i))
    rm -rf "$work/data$i" && mkdir -p "$work/data$i"
    env QUICKSILVER_ADDR=127.0.0.1:$port QUICKSILVER_PUBLISHER_JWT_KEY="$secret" QUICKSILVER_ANONYMOUS=1 \
      QUICKSILVER_DATA_DIR="$work/data$i" "$@" \
      java @jvm.options -jar "$hub_jar" >"$work/node$i.log" 2>&1 &
    node_pids+=($!)
    hubs="${hubs:+$hubs,}http://127.0.0.1:$port/.well-known/mercure"
  done
  for i in $(seq 1 "$count"); do
    for _ in $(seq 1 200); do grep -q "listening on" "$work/node$i.log" && break; sleep 0.1; done
    grep -q "listening on" "$work/node$i.log" || { cat "$work/node$i.log"; exit 1; }
    if [ $# -gt 0 ]; then
      for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$((3900 + i))/readyz" >/dev/null && break; sleep 0.1; done
    fi
  done
  pids=$(IFS=,; echo "${node_pids[*]}")
}

# CPU seconds used so far by a process (user + system).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}

# load <results file> <label> <tool options...>: one measured run against the running nodes.
load() {
  local results=$1 label=$2
  shift 2
  echo "== $label: $*"
  java -jar "$tool_jar" --hub "$hubs" --pid "$pids" --publisher-token "$(publisher_token)" --label "$label" \
    --json "$out/$results" --html "$out/${results%.jsonl}-$(echo "$label" | tr ' /,' '___').html" "$@" \
    | grep -v '^{'
}

warm_up() {
  java -jar "$tool_jar" --hub "$hubs" --publisher-token "$(publisher_token)" --subscribers 1000 --rate 20 \
    --duration 5 >/dev/null 2>&1
}

# measured_with_redis <results file> <label> <tool options...>: a load run during which Redis's CPU
# is read when publishing starts (its statistics reset then) and at the end: Redis's CPU per
# publish over the publishing phase, and its own time per command (INFO commandstats).
measured_with_redis() {
  local results=$1 label=$2
  shift 2
  rm -f "$work/redis-start"
  (
    for _ in $(seq 1 3000); do grep -q "^publishing" "$work/run.log" 2>/dev/null && break; sleep 0.1; done
    redis-cli -p "$redis_port" config resetstat >/dev/null
    cpu_seconds "$redis_pid" >"$work/redis-start"
  ) &
  local watcher=$!
  load "$results" "$label" "$@" 2>&1 | tee "$work/run.log"
  wait "$watcher" || true
  local before after published
  before=$(cat "$work/redis-start")
  after=$(cpu_seconds "$redis_pid")
  published=$(tail -1 "$out/$results" | python3 -c 'import json, sys; print(json.load(sys.stdin)["publish"]["ok"])')
  {
    awk -v l="$label" -v b="$before" -v a="$after" -v n="${published:-0}" 'BEGIN {
      per = n > 0 ? (a - b) * 1e6 / n : 0
      printf "%s: Redis spent %.2f s of CPU from the first publish to the end of the run, %d publishes: %.1f us per publish\n",
        l, a - b, n, per
    }'
    redis-cli -p "$redis_port" info commandstats | grep -E 'cmdstat_(evalsha|eval|xread|xrevrange|xlen|set)[:]' \
      | sed 's/^/  /' | tr -d '\r'
  } | tee -a "$out/redis-cpu.txt"
}

# NODE_ENV adds settings (NAME=value ...) to the nodes on Redis, e.g. NODE_ENV=QUICKSILVER_THREADS=1.
redis_nodes=(QUICKSILVER_TRANSPORT="redis://127.0.0.1:$redis_port" ${NODE_ENV:-})

for scenario in $scenarios; do
  case $scenario in
    cost)
      rm -f "$out/cost.jsonl"
      broadcast=(--subscribers 15000 --source-addresses 2 --rate 4 --duration 10)
      start_nodes 1; warm_up; load cost.jsonl "1 node" "${broadcast[@]}"; stop_all
      start_redis; start_nodes 3 "${redis_nodes[@]}"; warm_up
      measured_with_redis cost.jsonl "3 nodes on Redis" "${broadcast[@]}" --publish-to round-robin
      stop_all
      java -jar "$tool_jar" --compare "$out/cost.jsonl" --html "$out/cost-comparison.html" | grep -v '^{' ;;
    manytopics)
      rm -f "$out/manytopics.jsonl"
      start_redis; start_nodes 3 "${redis_nodes[@]}"; warm_up
      measured_with_redis manytopics.jsonl "3 nodes on Redis, many topics" --subscribers 15000 --topics 15000 \
        --source-addresses 2 --rate 2000 --duration 10 --publish-to random
      stop_all ;;
    ha)
      rm -f "$out/ha.jsonl"
      start_redis; start_nodes 12 "${redis_nodes[@]}"
      victim=${node_pids[5]}
      # The victim dies 30 s into publishing: the tool prints "publishing" when it starts.
      (
        for _ in $(seq 1 3000); do grep -q "publishing" "$work/ha.log" 2>/dev/null && break; sleep 0.2; done
        sleep 30
        echo "== kill -9 node 6 (pid $victim) at $(date +%T)" | tee -a "$out/ha-kill.txt"
        kill -9 "$victim"
      ) &
      killer=$!
      load ha.jsonl "200,000 over 12 nodes, one killed" --workers 12 --subscribers 200000 --rate 0.2 \
        --duration 90 --settle 30 --connect-rate 2500 --connect-timeout 180 --publish-to random --reconnect 2>&1 | tee "$work/ha.log"
      wait "$killer" || true
      redis-cli -p "$redis_port" info commandstats | grep -E 'cmdstat_(evalsha|eval|xread|xrange)[:]' | tr -d '\r' \
        | tee -a "$out/redis-cpu.txt"
      stop_all ;;
    *) echo "unknown scenario: $scenario" >&2; exit 2 ;;
  esac
done
echo "results in $out"
