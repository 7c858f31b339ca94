#!/usr/bin/env bash
# Hit latency of `popnet edge` while a prefix purge of many objects runs: fills OBJECTS objects of 1 KiB
# under /obj/pp-, then measures hits of one hot key outside that prefix with wrk (CONNECTIONS
# connections, DURATION each) in rounds that alternate: a quiet round, then a round during which the
# whole prefix is purged (and refilled before the next pair). Prints p99/p99.9 of each round, the
# purge's own time and count, and the ratio of the p99s with and without the purge.
# Settings: OBJECTS (default 100000), ROUNDS (2 pairs), DURATION (8s), CONNECTIONS (50), EVENT_LOOPS (1),
# POPNET_JAR (default: this checkout's, built if needed), BASE_PORT (19280: origin, then the edge).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OBJECTS="${OBJECTS:-100000}"
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-8s}"
CONNECTIONS="${CONNECTIONS:-50}"
EVENT_LOOPS="${EVENT_LOOPS:-1}"
BASE_PORT="${BASE_PORT:-19280}"
ORIGIN_PORT=$BASE_PORT EDGE_PORT=$((BASE_PORT + 1))
. "$root/bench/lib/popnet.sh"
jar="$(popnet_jar)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

java -jar "$jar" origin --port "$ORIGIN_PORT" >"$work/origin.log" 2>&1 & pids+=($!)
java -Xmx1g -XX:MaxDirectMemorySize=2g -jar "$jar" edge --port "$EDGE_PORT" --origin "http://127.0.0.1:$ORIGIN_PORT" --capacity 1GiB \
  --set event-loops="$EVENT_LOOPS" --set purge-token=bench >"$work/edge.log" 2>&1 & pids+=($!)
for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$ORIGIN_PORT/" && curl -s -o /dev/null "http://127.0.0.1:$EDGE_PORT/" && break; sleep 0.2; done
hot="http://127.0.0.1:$EDGE_PORT/obj/hot?size=1024&ttl=36000"
curl -s -o /dev/null "$hot"
curl -s -D - -o /dev/null "$hot" | grep -qi '^cache-status:.*; hit' || { echo "the hot key is not a hit" >&2; exit 1; }

awk -v n="$OBJECTS" -v p="$EDGE_PORT" 'BEGIN { for (i = 0; i < n; i++)
  printf "url = \"http://127.0.0.1:%s/obj/pp-%d?size=1024&ttl=36000\"\noutput = \"/dev/null\"\n", p, i }' >"$work/urls"
fill() {
  local start; start="$(date +%s)"
  curl -s --no-progress-meter --parallel --parallel-max 64 -K "$work/urls"
  echo "filled $OBJECTS objects in $(($(date +%s) - start)) s"
}
# wrk prints only up to 99% by default: ask for 99.9 too.
cat >"$work/p999.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("99.9%% %.2fms\n", latency:percentile(99.9) / 1000))
end
LUA
# A long timeout: a hit stalled behind the purge must count in the latencies, not vanish as a timeout.
hits() { # -> "p99 p99.9 requests"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 60s --latency -s "$work/p999.lua" "$hot" >"$work/wrk.txt"
  awk '$1=="99%" {a=$2} $1=="99.9%" {b=$2} /requests in/ {n=$1} END {print a, b, n}' "$work/wrk.txt"
}

fill
wrk -t1 -c"$CONNECTIONS" -d3s "$hot" >/dev/null # warm-up
printf '%-6s %-14s %10s %10s %10s %12s %8s\n' round kind p99 p99.9 requests purge-time purged
quiet_all="" purged_all=""
for round in $(seq "$ROUNDS"); do
  read -r p99 p999 requests < <(hits)
  printf '%-6s %-14s %10s %10s %10s %12s %8s\n' "$round" quiet "$p99" "$p999" "$requests" - -
  quiet_all="$quiet_all $p99"
  hits >"$work/during" &
  hits_pid=$!
  sleep 2
  out="$(curl -s -w ' %{time_total}' -H 'Authorization: Bearer bench' -d '{"prefix":"/obj/pp-"}' "http://127.0.0.1:$EDGE_PORT/purge")"
  wait "$hits_pid"
  read -r p99 p999 requests <"$work/during"
  n="$(grep -o '"purged":[0-9]*' <<<"$out" | cut -d: -f2)"
  t="$(awk '{print $NF}' <<<"$out")"
  [ "$n" -ge "$OBJECTS" ] || { echo "the purge removed $n objects, not $OBJECTS: $out" >&2; exit 1; }
  printf '%-6s %-14s %10s %10s %10s %12s %8s\n' "$round" during-purge "$p99" "$p999" "$requests" "${t}s" "$n"
  purged_all="$purged_all $p99"
  [ "$round" -lt "$ROUNDS" ] && fill
done
ms() { awk '{v=$1; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000; print v}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
q="$(for v in $quiet_all; do echo "$v" | ms; done | median)"
d="$(for v in $purged_all; do echo "$v" | ms; done | median)"
echo "hit p99, median: quiet $q ms, during a purge of $OBJECTS objects $d ms; during/quiet $(awk -v a="$d" -v b="$q" 'BEGIN {printf "%.2f", a / b}')"
