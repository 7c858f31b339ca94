#!/usr/bin/env bash
# Resident memory of `popnet edge` per GiB its memory tier stores: an edge is filled with OBJECTS objects
# of SIZE bytes (every one checked a hit), and its RSS before and after is read from /proc. With
# POPNET_BASE_JAR, another build is filled the same way after it, in the same run, and both are printed.
# The edge runs with HEAP (-Xmx, default 512m) and a direct-memory limit of 2g; the baseline gets
# BASE_HEAP (default 2g: a build that keeps bodies on the heap needs one that holds them).
# Settings: OBJECTS (10000), SIZE (102400), POPNET_JAR (default: this checkout's), POPNET_BASE_JAR, BASE_PORT (19180).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OBJECTS="${OBJECTS:-10000}"
SIZE="${SIZE:-102400}"
HEAP="${HEAP:-512m}"
BASE_HEAP="${BASE_HEAP:-2g}"
BASE_PORT="${BASE_PORT:-19180}"
. "$root/bench/lib/popnet.sh"
jar="$(popnet_jar)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

rss() { awk '/^VmRSS/ {print $2 * 1024}' "/proc/$1/status"; }
wait_up() { for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.2; done; echo "port $1 never answered" >&2; exit 1; }

java -jar "$jar" origin --port "$BASE_PORT" --set event-loops=1 >"$work/origin.log" 2>&1 & pids+=($!)
wait_up "$BASE_PORT"
capacity=$((OBJECTS * (SIZE + 2048)))

measure() { # label jar heap-flags...
  local label="$1" edge_jar="$2"; shift 2
  local port=$((BASE_PORT + 1))
  java "$@" -jar "$edge_jar" edge --port "$port" --origin "http://127.0.0.1:$BASE_PORT" --capacity "$capacity" \
    --set event-loops=1 >"$work/$label.log" 2>&1 &
  local pid=$!
  pids+=($pid)
  wait_up "$port"
  curl -s -o /dev/null "http://127.0.0.1:$port/obj/warm?size=$SIZE&ttl=36000"
  local before; before="$(rss $pid)"
  for pass in fill check; do
    awk -v n="$OBJECTS" -v p="$port" -v s="$SIZE" 'BEGIN { for (i = 0; i < n; i++)
      printf "url = \"http://127.0.0.1:%s/obj/rss-%d?size=%s&ttl=36000\"\noutput = \"/dev/null\"\n", p, i, s }' >"$work/urls"
    curl -s --no-progress-meter --parallel --parallel-max 32 -K "$work/urls" -w '%header{cache-status}\n' >"$work/$pass.status"
  done
  local misses; misses="$(grep -vc '; hit' "$work/check.status" || true)"
  [ "$misses" = 0 ] || { echo "$label: $misses of the second pass were not hits" >&2; exit 1; }
  local after stored
  after="$(rss $pid)"
  stored="$(curl -s "http://127.0.0.1:$port/stats" | tr -d ' \n' | grep -o '"cache":{[^}]*' | grep -o '"bytes":[0-9]*' | cut -d: -f2)"
  awk -v l="$label" -v b="$before" -v a="$after" -v s="$stored" 'BEGIN {
    printf "%-12s stored %6.0f MiB; RSS %6.0f MiB before, %6.0f MiB after: %.2f GiB of RSS per GiB stored\n",
      l, s / 1048576, b / 1048576, a / 1048576, (a - b) / s }'
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "$OBJECTS objects of $SIZE bytes; load $(cut -d' ' -f1-3 /proc/loadavg)"
measure popnet "$jar" -Xmx"$HEAP" -XX:MaxDirectMemorySize=2g
[ -n "${POPNET_BASE_JAR:-}" ] && measure popnet-base "$POPNET_BASE_JAR" -Xmx"$BASE_HEAP"
exit 0
