#!/usr/bin/env bash
# Quicksilver and Nchan (nginx's pub/sub module, in C) under the same loads from the same tool, one
# fresh server process per scenario, each warmed up by the same short run first. Writes one JSON
# line per run and an HTML comparison page per scenario into the output directory; the figures of
# docs/benchmarks.md come from here. Run it on an otherwise idle machine.
#
# Usage: [IO_TRANSPORT=auto|io_uring|epoll|nio] scripts/compare-nchan.sh [out-dir] [scenario ...]
#   scenarios: broadcast manytopics connections (both servers); heap templates slow h2 durable
#   (Quicksilver alone); transports (the broadcast and many-topics loads on io_uring, then on
#   epoll, then on Nchan, back to back)
#   IO_TRANSPORT: the hub's event loops (its io-transport setting) in every scenario but
#   transports; default auto (epoll). Each label names it.
# Needs: nginx and libnginx-mod-nchan (apt-get install nginx libnginx-mod-nchan), 20,000 open files.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/compare}
shift || true
scenarios=${*:-broadcast manytopics connections heap templates slow h2 durable}
io_transport=${IO_TRANSPORT:-auto}
mkdir -p "$out"
hub_jar=quicksilver-server/target/quicksilver.jar
tool_jar=quicksilver-loadtest/target/quicksilver-loadtest.jar
[ -f "$hub_jar" ] && [ -f "$tool_jar" ] || ./mvnw -B -q package -DskipTests
work=$(mktemp -d)
server_pid=
trap 'stop_server; rm -rf "$work"' EXIT

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    server_pid=
  fi
}

# Quicksilver with the repository's JVM options, durable history (the default) in a fresh directory;
# QS_ENV adds settings (NAME=value).
start_quicksilver() {
  rm -rf "$work/data" && mkdir -p "$work/data"
  env QUICKSILVER_ADDR=127.0.0.1:3900 QUICKSILVER_ANONYMOUS=1 QUICKSILVER_DATA_DIR="$work/data" \
    QUICKSILVER_IO_TRANSPORT="$io_transport" ${QS_ENV:-} \
    java @jvm.options -jar "$hub_jar" >"$work/hub.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$work/hub.log" && break; sleep 0.1; done
  grep -o "listening on .*" "$work/hub.log" || { cat "$work/hub.log"; exit 1; }
  token=$(grep -o 'valid until the hub stops: .*' "$work/hub.log" | awk '{print $NF}')
  target=(--hub http://127.0.0.1:3900/.well-known/mercure --publisher-token "$token")
}

# Nchan as scripts/nchan/nginx.conf configures it: 2 workers, one channel per topic.
start_nchan() {
  rm -rf "$work/nchan" && mkdir -p "$work/nchan/tmp"
  nginx -p "$work/nchan" -c "$PWD/scripts/nchan/nginx.conf"
  for _ in $(seq 1 50); do [ -s "$work/nchan/nginx.pid" ] && break; sleep 0.1; done
  server_pid=$(cat "$work/nchan/nginx.pid")
  target=(--protocol nchan --hub http://127.0.0.1:3950/)
}

# load <results file> <label> <tool options...>: one measured run against the running server.
load() {
  local results=$1 label=$2
  shift 2
  echo "== $label: $*"
  java -jar "$tool_jar" "${target[@]}" --pid "$server_pid" --label "$label" --json "$out/$results" \
    --html "$out/${results%.jsonl}-$(echo "$label" | tr ' /' '__').html" "$@" | grep -v '^{'
}

warm_up() {
  java -jar "$tool_jar" "${target[@]}" --subscribers 1000 --rate 20 --duration 5 >/dev/null 2>&1
}

# quicksilver_run <results file> <label> <tool options...>: one run against a fresh, warmed-up hub;
# the label gets the io-transport when it is not auto.
quicksilver_run() {
  local results=$1 label=$2
  shift 2
  [ "$io_transport" = auto ] || label="$label ($io_transport)"
  start_quicksilver; warm_up; load "$results" "$label" "$@"; stop_server
}

# compare <scenario>: the comparison page of the scenario's runs.
compare() {
  java -jar "$tool_jar" --compare "$out/$1.jsonl" --html "$out/$1-comparison.html" | grep -v '^{'
}

# both <scenario> <tool options...>: the scenario against each server, then the comparison page.
both() {
  local scenario=$1
  shift
  rm -f "$out/$scenario.jsonl"
  quicksilver_run "$scenario.jsonl" "quicksilver $scenario" "$@"
  start_nchan; warm_up; load "$scenario.jsonl" "nchan $scenario" "$@"; stop_server
  compare "$scenario"
}

# The live heap (after a full GC) of the running hub, in bytes.
live_heap() {
  jcmd "$server_pid" GC.class_histogram | awk '/^Total/ {print $3}'
}

for scenario in $scenarios; do
  case $scenario in
    broadcast)   both broadcast --subscribers 15000 --source-addresses 2 --rate 4 --duration 10 ;;
    manytopics)
      # Also with the history in memory, as Nchan keeps its messages: the fsync per commit is the
      # durable default's own cost.
      rm -f "$out/manytopics.jsonl"
      many=(--subscribers 15000 --topics 15000 --source-addresses 2 --rate 2000 --duration 10)
      quicksilver_run manytopics.jsonl "quicksilver manytopics" "${many[@]}"
      QS_ENV="QUICKSILVER_HISTORY=memory" quicksilver_run manytopics.jsonl "quicksilver manytopics, history in memory" "${many[@]}"
      start_nchan; warm_up; load manytopics.jsonl "nchan manytopics" "${many[@]}"; stop_server
      compare manytopics ;;
    connections) both connections --subscribers 19000 --source-addresses 2 --rate 1 --duration 10 ;;
    heap)
      # Java heap per idle subscriber: live heap with 15,000 subscribers held, minus before.
      start_quicksilver; warm_up
      before=$(live_heap)
      java -jar "$tool_jar" "${target[@]}" --subscribers 15000 --source-addresses 2 --rate 1 --duration 30 \
        >"$work/heap-run.log" 2>&1 &
      tool=$!
      for _ in $(seq 1 600); do grep -q "subscribers established" "$work/heap-run.log" && break; sleep 0.1; done
      sleep 2
      during=$(live_heap)
      wait "$tool" || true
      echo "heap: live $before bytes before, $during bytes with 15000 idle subscribers:" \
        "$(( (during - before) / 15000 )) bytes per subscriber" | tee "$out/heap.txt"
      stop_server ;;
    templates)
      rm -f "$out/templates.jsonl"
      for n in 1000 5000 15000; do
        quicksilver_run templates.jsonl "quicksilver templates $n" --subscribers "$n" --templates 100 --source-addresses 2 \
          --rate 1000 --duration 10
      done
      compare templates ;;
    slow)
      # The same broadcast with and without one subscriber that stops reading; then a load heavy
      # enough (1 MB/s per subscriber) that the stalled one fills its buffer and is cut, and resumes.
      rm -f "$out/slow.jsonl"
      quicksilver_run slow.jsonl "quicksilver broadcast" --subscribers 15000 --source-addresses 2 --rate 4 --duration 10
      quicksilver_run slow.jsonl "quicksilver broadcast, 1 slow" --subscribers 15000 --source-addresses 2 --rate 4 \
        --duration 10 --slow-subscribers 1
      quicksilver_run slow.jsonl "quicksilver 1 MB/s each, 1 slow" --subscribers 200 --rate 50 --payload 20000 \
        --duration 15 --slow-subscribers 1 --resume
      compare slow ;;
    h2)
      # The broadcast over HTTP/2 (h2c by prior knowledge): 15,000 streams over 4 connections.
      rm -f "$out/h2.jsonl"
      quicksilver_run h2.jsonl "quicksilver broadcast, HTTP/1.1" --subscribers 15000 --source-addresses 2 --rate 4 --duration 10
      quicksilver_run h2.jsonl "quicksilver broadcast, HTTP/2" --subscribers 15000 --h2-connections 4 --rate 4 --duration 10
      compare h2 ;;
    durable)
      # Publish throughput: as many publishes as 64 keep-alive connections get answered, with the
      # history in memory, then durable (fsync per commit, the default), then durable (WAL write).
      rm -f "$out/durable.jsonl"
      for history in "QUICKSILVER_HISTORY=memory" "QUICKSILVER_HISTORY_SYNC=full" "QUICKSILVER_HISTORY_SYNC=normal"; do
        QS_ENV="$history" quicksilver_run durable.jsonl "quicksilver $history" --subscribers 10 --rate 20000 --duration 10 --publish-connections 64
      done
      compare durable ;;
    transports)
      # io_uring against epoll, paired: the same loads one after the other, then Nchan, so that a
      # busy machine weighs on all of them alike. History in memory for the many-topics load, as
      # Nchan keeps its messages.
      rm -f "$out/transports.jsonl"
      for io_transport in io_uring epoll; do
        quicksilver_run transports.jsonl "quicksilver broadcast" --subscribers 15000 --source-addresses 2 --rate 4 --duration 10
        QS_ENV="QUICKSILVER_HISTORY=memory" quicksilver_run transports.jsonl "quicksilver manytopics, history in memory" \
          --subscribers 15000 --topics 15000 --source-addresses 2 --rate 2000 --duration 10
      done
      io_transport=${IO_TRANSPORT:-auto}
      start_nchan; warm_up; load transports.jsonl "nchan broadcast" --subscribers 15000 --source-addresses 2 --rate 4 --duration 10; stop_server
      start_nchan; warm_up; load transports.jsonl "nchan manytopics" --subscribers 15000 --topics 15000 --source-addresses 2 --rate 2000 --duration 10; stop_server
      compare transports ;;
    *) echo "unknown scenario: $scenario" >&2; exit 2 ;;
  esac
done
echo "results in $out"
