#!/usr/bin/env bash
# Miss rows of bench/edge-vs-nginx.sh, sourced by it after its hit rows (it provides $work, PORT, SERVERS,
# client_cpu, median and origin_objects, and the servers in front of one origin). Run on its own
# (bench/edge-misses.sh), it runs edge-vs-nginx.sh with these rows only, popnet and nginx by default.
#
# Every request names a URL never asked for before, so each one is a miss that goes to the origin:
# "stored" objects (max-age=36000, which both caches write to their store as they relay them) and
# "no-store" objects (passed through, nothing written). The Lua script counts any response that says hit
# (Cache-Status, X-Cache); the origin must have served at least as many objects as were answered, and
# at most one per connection more (those still in flight when wrk stopped). Any hit fails the run.
#
# Prints requests/s and p99 per round (servers interleaved), the median of each and the ratios to nginx.
# Settings: MISS_KINDS ("stored no-store"), MISS_CONNECTIONS ("50"), MISS_SIZE (1024), DURATION, WARMUP, ROUNDS.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  MISS_ONLY=1 SERVERS="${SERVERS:-popnet nginx}" exec "$(dirname "$0")/edge-vs-nginx.sh"
fi
MISS_KINDS="${MISS_KINDS:-stored no-store}"
MISS_CONNECTIONS="${MISS_CONNECTIONS:-50}"
MISS_SIZE="${MISS_SIZE:-1024}"

cat >"$work/misses.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  hits = 0; n = 0
  tag = tostring({}):sub(8) .. "-" .. os.time() .. "-" .. math.random(1, 1000000000)
  size = os.getenv("BENCH_SIZE")
  cc = os.getenv("BENCH_KIND") == "no-store" and "cc=no-store" or "ttl=36000"
end
function request()
  n = n + 1
  return wrk.format("GET", "/obj/miss-" .. tag .. "-" .. n .. "?size=" .. size .. "&" .. cc)
end
function response(status, headers, body)
  local cs = headers["Cache-Status"] or headers["cache-status"] or ""
  local xc = headers["X-Cache"] or headers["x-cache"]
  if status ~= 200 or string.find(cs, "; hit", 1, true) ~= nil or xc == "HIT" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local h = 0
  for _, t in ipairs(threads) do h = h + t:get("hits") end
  io.write(string.format("hits %d\n", h))
end
LUA

measure_misses() { # server kind connections -> "requests/s p99", failing on any hit or a miss the origin did not see
  local name="$1" out rps p99 hits answered before after
  before="$(origin_objects || true)"   # none yet when these rows run alone
  out="$(BENCH_KIND=$2 BENCH_SIZE=$MISS_SIZE "${client_cpu[@]}" wrk -t1 -c"$3" -d"$DURATION" --latency -s "$work/misses.lua" \
    "http://127.0.0.1:${PORT[$name]}")"
  sleep 1   # requests still in flight when wrk stopped reach the origin's count
  after="$(origin_objects)"
  before="${before:-0}"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  hits="$(awk '$1=="hits" {print $2}' <<<"$out")"
  answered="$(awk '/requests in/ {print $1}' <<<"$out")"
  if [ "$hits" != "0" ] || [ $((after - before)) -lt "$answered" ] || [ $((after - before)) -gt $((answered + $3)) ]; then
    echo "$name $2: $hits responses were hits or errors; $answered answered, the origin served $((after - before))" >&2
    exit 1
  fi
  echo "$rps $p99"
}

echo "misses: $MISS_KINDS, $((MISS_SIZE / 1024))KiB, every request a new URL; $ROUNDS rounds of $DURATION, interleaved"
printf '%-9s %-6s %-6s %-12s %14s %10s\n' miss conns round server requests/s p99
for kind in $MISS_KINDS; do
  for conns in $MISS_CONNECTIONS; do
    declare -A rates=() tails=()
    for s in $SERVERS; do   # a JIT-compiled miss path on every server before anything counts
      BENCH_KIND=$kind BENCH_SIZE=$MISS_SIZE "${client_cpu[@]}" wrk -t1 -c"$conns" -d"$WARMUP" -s "$work/misses.lua" \
        "http://127.0.0.1:${PORT[$s]}" >/dev/null
    done
    for round in $(seq "$ROUNDS"); do
      for s in $SERVERS; do
        measure_misses "$s" "$kind" "$conns" >"$work/m"
        read -r rps p99 <"$work/m"
        printf '%-9s %-6s %-6s %-12s %14s %10s\n' "$kind" "$conns" "$round" "$s" "$rps" "$p99"
        rates[$s]="${rates[$s]:-} $rps"
        tails[$s]="${tails[$s]:-} $(awk '{v=$1; if (v ~ /us$/) v=v/1000; else if (v ~ /ms$/) v=v+0; else if (v ~ /s$/) v=v*1000; print v}' <<<"$p99")"
      done
    done
    summary="$kind misses x $conns conns: median"
    for s in $SERVERS; do
      summary="$summary $s $(printf '%s\n' ${rates[$s]} | median)/s p99 $(printf '%s\n' ${tails[$s]} | median)ms"
    done
    if [[ " $SERVERS " == *" nginx "* ]]; then
      n="$(printf '%s\n' ${rates[nginx]} | median)"
      for s in $SERVERS; do
        [ "$s" = nginx ] && continue
        summary="$summary; $s/nginx $(awk -v a="$(printf '%s\n' ${rates[$s]} | median)" -v b="$n" 'BEGIN {printf "%.2f", a / b}')"
      done
    fi
    echo "$summary (every measured request a miss the origin served)"
    unset rates tails
  done
done
