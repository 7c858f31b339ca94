#!/usr/bin/env bash
# CPU time a live-run edge spends per request: one origin (no added processing) and one edge, each a JVM
# with the flags a live run gives its servers (C1 only, serial GC, one core's worth of threads, one event
# loop), loaded by h2load at a fixed rate (RATE requests/s over HTTP/1.1, as a live run's clients send),
# the edge's CPU time (utime + stime from /proc) read before and after each measured run. Three rows:
# hits on one 16 KiB object, misses (a new 16 KiB object each request, stored as it is relayed) and hits
# on one 256 KiB object; the per-MiB cost is the difference of the two hit rows over their size
# difference. What configs/scenarios/parity-ttl.yaml's edge.cpu-per-request and cpu-per-mib are set from.
# CPU time is what the model charges a core with, so a busy machine inflates it less than wall time,
# but it does (caches, frequency): quote the figures with the load average printed.
# Settings: RATE (default 200), REQUESTS per measured run (default 3000), WARMUP requests (default 3000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib/popnet.sh"
RATE="${RATE:-200}"
REQUESTS="${REQUESTS:-3000}"
WARMUP="${WARMUP:-3000}"
jar="$(popnet_jar)"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

# As live/src/main/java/dev/popnet/live/LocalNetwork.java starts its servers.
jvm=(-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1 -Xss512k)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
origin_port="$(free_port)" edge_port="$(free_port)"
java "${jvm[@]}" -jar "$jar" origin --port "$origin_port" --set event-loops=1 >"$work/origin.log" 2>&1 & pids+=($!)
java "${jvm[@]}" -jar "$jar" edge --port "$edge_port" --origin "http://127.0.0.1:$origin_port" --capacity 8MiB \
  --set event-loops=1 >"$work/edge.log" 2>&1 & edge_pid=$!; pids+=($edge_pid)
for _ in $(seq 600); do
  curl -fs "http://127.0.0.1:$edge_port/health" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$origin_port/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$edge_port/health" >/dev/null

cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$edge_pid/stat"; }
cc='public%2C+max-age%3D86400'
# One client at RATE (h2load walks its list of URIs from the top for each client, and a miss must be new).
load() { # uris-file requests
  h2load --h1 -c1 -t1 --rps="$RATE" -n "$2" -i "$1" >"$work/h2load.out" 2>&1 ||
    { cat "$work/h2load.out" >&2; exit 1; }
  grep -q "$2 succeeded" "$work/h2load.out" || { cat "$work/h2load.out" >&2; echo "not every request succeeded" >&2; exit 1; }
}
row() { # name warm-up-uris measured-uris
  load "$2" "$WARMUP"
  local before after
  before="$(cpu_ms)"
  load "$3" "$REQUESTS"
  after="$(cpu_ms)"
  awk -v n="$1" -v a="$before" -v b="$after" -v r="$REQUESTS" 'BEGIN {printf "  %-22s %8.0f us per request\n", n, (b - a) * 1000 / r}'
}
echo "http://127.0.0.1:$edge_port/obj/hit16?size=16384&cc=$cc" >"$work/hit16"
echo "http://127.0.0.1:$edge_port/obj/hit256?size=262144&cc=$cc" >"$work/hit256"
seq "$WARMUP" | sed "s|.*|http://127.0.0.1:$edge_port/obj/warm-&?size=16384\&cc=$cc|" >"$work/miss16-warm"
seq "$REQUESTS" | sed "s|.*|http://127.0.0.1:$edge_port/obj/miss-&?size=16384\&cc=$cc|" >"$work/miss16"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $RATE requests/s, $REQUESTS measured after $WARMUP"
row "16 KiB hits" "$work/hit16" "$work/hit16" | tee "$work/hit16.row"
row "16 KiB misses (stored)" "$work/miss16-warm" "$work/miss16"
row "256 KiB hits" "$work/hit256" "$work/hit256" | tee "$work/hit256.row"
awk 'FNR == 1 {v[NR] = $(NF - 3)} END {printf "  %-22s %8.0f us per MiB\n", "per MiB (hits)", (v[2] - v[1]) / ((262144 - 16384) / 1048576)}' \
  "$work/hit16.row" "$work/hit256.row"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
