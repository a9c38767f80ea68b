#!/usr/bin/env bash
# Builds the floor program and runs it: CPU per 100-byte message sent to N loopback TCP
# connections, one write(2) each against io_uring batches of 1, 64 and 1,024 sends per
# io_uring_enter(2). Runs the four modes back to back, REPEAT times (paired runs: a busy machine
# slows a whole pass, not one mode), and prints the sending thread's CPU in microseconds per
# message. See docs/benchmarks.md, "The floor".
#
#   scripts/floor/run.sh [connections=5000] [rounds=40] [repeat=3]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
connections=${1:-5000}
rounds=${2:-40}
repeat=${3:-3}
out=${FLOOR_BIN:-/tmp/quicksilver-floor}
cc=${CC:-cc}
"$cc" -O2 -Wall -Wextra -o "$out" "$here/floor.c"
echo "# $(uname -r), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $connections connections x $rounds rounds"
for pass in $(seq 1 "$repeat"); do
  echo "# pass $pass"
  "$out" "$connections" "$rounds" write
  "$out" "$connections" "$rounds" uring 1
  "$out" "$connections" "$rounds" uring 64
  "$out" "$connections" "$rounds" uring 1024
done
