#!/usr/bin/env bash
# Restart-to-first-hit of `popnet edge` with many objects in its disk tier: fills OBJECTS objects of
# SIZE bytes through the edge (written through to disk), kills the edge with SIGKILL, starts it again
# on the same directory and times, from the new process's start, the first answer that is a hit. Also
# prints the edge's own log line of how long rebuilding the disk index took, and checks that a sample
# of the objects are hits again without the origin being asked.
# Settings: OBJECTS (default 100000), SIZE (1024), POPNET_JAR (default: this checkout's, built if
# needed), ORIGIN_PORT, EDGE_PORT (18090, 18091).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OBJECTS="${OBJECTS:-100000}"
SIZE="${SIZE:-1024}"
ORIGIN_PORT="${ORIGIN_PORT:-18090}" EDGE_PORT="${EDGE_PORT:-18091}"
. "$root/bench/lib/popnet.sh"
jar="$(popnet_jar)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

java -jar "$jar" origin --port "$ORIGIN_PORT" >"$work/origin.log" 2>&1 & pids+=($!)
edge() {
  java -jar "$jar" edge --port "$EDGE_PORT" --origin "http://127.0.0.1:$ORIGIN_PORT" --capacity 64MiB \
    --disk "$work/disk" --disk-capacity 20GiB >>"$work/edge.log" 2>&1 &
  edge_pid=$!; pids+=($edge_pid)
}
url() { echo "http://127.0.0.1:$EDGE_PORT/obj/r-$1?size=$SIZE&ttl=36000"; }
edge
for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$ORIGIN_PORT/" && curl -s -o /dev/null "http://127.0.0.1:$EDGE_PORT/" && break; sleep 0.2; done

echo "filling $OBJECTS objects of $SIZE bytes..."
awk -v n="$OBJECTS" -v p="$EDGE_PORT" -v s="$SIZE" 'BEGIN { for (i = 0; i < n; i++)
  printf "url = \"http://127.0.0.1:%s/obj/r-%d?size=%s&ttl=36000\"\noutput = \"/dev/null\"\n", p, i, s }' >"$work/urls"
curl -s --no-progress-meter --parallel --parallel-max 64 -K "$work/urls"
# The disk tier drops writes when its writer falls behind (it says how many in /stats): wait until every
# object is on disk, or until the count stops growing.
files=0
for _ in $(seq 600); do
  before="$files"
  files="$(find "$work/disk" -name '*.obj' | wc -l)"
  [ "$files" -ge "$OBJECTS" ] && break
  [ "$files" -gt 0 ] && [ "$files" = "$before" ] && break
  sleep 2
done
echo "$files files on disk ($(du -sh "$work/disk" | cut -f1)); kill -9"
kill -9 "$edge_pid"; wait "$edge_pid" 2>/dev/null || true
fetched="$(curl -s "http://127.0.0.1:$ORIGIN_PORT/stats" | tr -d ' \n' | grep -o '"obj":[0-9]*' | cut -d: -f2)"

start="$(date +%s%N)"
edge
# Each try asks for the next object, so one whose write was dropped cannot hold the timing up.
k=$((OBJECTS / 2))
until curl -s -D - -o /dev/null "$(url $k)" 2>/dev/null | grep -qi '^cache-status:.*; hit'; do k=$(((k + 1) % OBJECTS)); sleep 0.01; done
end="$(date +%s%N)"
echo "restart to first hit: $(((end - start) / 1000000)) ms (JVM start included)"
grep "indexed from" "$work/edge.log" | tail -1
misses=0
for i in $(seq 0 $((OBJECTS / 100)) $((OBJECTS - 1))); do
  curl -s -D - -o /dev/null "$(url $i)" | grep -qi '^cache-status:.*; hit' || misses=$((misses + 1))
done
after="$(curl -s "http://127.0.0.1:$ORIGIN_PORT/stats" | tr -d ' \n' | grep -o '"obj":[0-9]*' | cut -d: -f2)"
echo "sample of 100 objects after the restart: $misses not hits; origin asked $((after - fetched)) more times"
