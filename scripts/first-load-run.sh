#!/usr/bin/env bash
# The first load run of docs/benchmarks.md: starts the hub with its embedded defaults (plus
# anonymous subscribers) on 127.0.0.1:3900, takes the all-access token it logs, runs the
# load-test tool's scenarios one after the other against the same hub process, and stops it.
# Usage: scripts/first-load-run.sh [results.jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
results=${1:-target/first-load-run.jsonl}
mkdir -p "$(dirname "$results")"
hub_jar=quicksilver-server/target/quicksilver.jar
tool_jar=quicksilver-loadtest/target/quicksilver-loadtest.jar
[ -f "$hub_jar" ] && [ -f "$tool_jar" ] || ./mvnw -B -q package -DskipTests

log=$(mktemp)
QUICKSILVER_ADDR=127.0.0.1:3900 QUICKSILVER_ANONYMOUS=1 java -jar "$hub_jar" >"$log" 2>&1 &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
token=$(grep -o 'valid until the hub stops: .*' "$log" | awk '{print $NF}')

run() {
  echo "== $*"
  java -jar "$tool_jar" --hub http://127.0.0.1:3900/.well-known/mercure --publisher-token "$token" \
    --pid "$hub_pid" --json "$results" "$@" | grep -v '^{'
}

run --subscribers 1000 --rate 10 --duration 10                        # warm-up and small broadcast
run --subscribers 10000 --rate 4 --duration 10                        # broadcast: 40,000 deliveries/s
run --subscribers 19000 --source-addresses 2 --rate 1 --duration 10   # connections held near the fd limit
run --subscribers 10000 --topics 10000 --rate 1000 --duration 10      # one topic per subscriber
