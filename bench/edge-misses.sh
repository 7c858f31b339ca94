#!/usr/bin/env bash
# Miss rows of bench/edge-vs-nginx.sh, sourced by it after its hit rows (it provides $work, PORT, SERVERS,
# client_cpu, median and origin_objects, and the servers in front of one origin). Run on its own
# (bench/edge-misses.sh), it runs edge-vs-nginx.sh with these rows only, popnet and nginx by default.
#
# Every request names a URL never asked for before, so each one is a miss that goes to the origin:
# "stored" objects (max-age=36000, which both caches write to their store as they relay them) and
# "no-store" objects (passed through, nothing written). The Lua script counts any response that says hit
# (Cache-Status, X-Cache) and the requests it sent; once the origin's count has stopped moving (the server has
# finished every request it took), the origin must have served at least every answered request and at most every
# sent one (the difference: requests still unanswered when wrk stopped). Any hit fails the run.
#
# Prints requests/s and p99 per round (servers interleaved), the median of each and the ratios to nginx,
# and what each miss cost in CPU: the server's processes (popnet's JVM, nginx's master and worker) and the
# origin's, in microseconds of user + system time per answered request. A busy machine moves the rates much
# more than these costs. A JVM still compiling would count its compiler threads in them (on one starved core C2
# compiled the miss path for 20-30 s), so each server is warmed up in slices of MISS_WARMUP until its JIT compiler
# threads used under 5% of a core in the last slice (nginx: one slice), at most MISS_WARMUP_MAX seconds.
# Settings: MISS_KINDS ("stored no-store"), MISS_CONNECTIONS ("50"), MISS_SIZE (1024), MISS_WARMUP (5s),
# MISS_WARMUP_MAX (120), MISS_SETTLE (2: seconds the origin's count must hold still), DURATION, ROUNDS.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  MISS_ONLY=1 SERVERS="${SERVERS:-popnet nginx}" exec "$(dirname "$0")/edge-vs-nginx.sh"
fi
MISS_KINDS="${MISS_KINDS:-stored no-store}"
MISS_CONNECTIONS="${MISS_CONNECTIONS:-50}"
MISS_SIZE="${MISS_SIZE:-1024}"
MISS_WARMUP="${MISS_WARMUP:-5s}"
MISS_WARMUP_MAX="${MISS_WARMUP_MAX:-120}"
MISS_SETTLE="${MISS_SETTLE:-2}"

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
  local h, sent = 0, 0
  for _, t in ipairs(threads) do h = h + t:get("hits"); sent = sent + t:get("n") end
  io.write(string.format("hits %d\nsent %d\n", h, sent))
end
LUA

# The processes listening on a port (nginx: master and worker), and the CPU they have used, in clock ticks.
listeners() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u; }
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# CPU clock ticks a JVM's JIT compiler threads have used (0 for a server that has none).
jit_ticks() { local t=0 p task; for p in "$@"; do for task in /proc/"$p"/task/*; do
  case "$(cat "$task/comm" 2>/dev/null)" in C1\ Compi* | C2\ Compi*) t=$((t + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0))) ;; esac
done; done; echo "$t"; }
# The origin's count of objects served, once it has held still for MISS_SETTLE seconds (at most a minute): every
# request a server took has been fetched by then, also by a server that was in a collection pause when wrk stopped.
origin_settled() {
  local now last="" still=0 i
  for i in $(seq 300); do
    now="$(origin_objects || true)"
    if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; last="$now"; fi
    [ "$still" -ge $((MISS_SETTLE * 5)) ] && break
    sleep 0.2
  done
  echo "${last:-0}"
}
# Warms a server up (kind connections) in slices of MISS_WARMUP until its JIT has settled; prints the seconds spent.
warm_up() {
  local name="$1" pids j0 j1 t0 start=$SECONDS slice
  pids="$(listeners "${PORT[$name]}")"
  slice="$(awk -v d="$MISS_WARMUP" 'BEGIN {print d + 0}')"
  while :; do
    # shellcheck disable=SC2086
    j0="$(jit_ticks $pids)" t0="$(date +%s%N)"
    BENCH_KIND=$2 BENCH_SIZE=$MISS_SIZE "${client_cpu[@]}" wrk -t1 -c"$3" -d"$MISS_WARMUP" -s "$work/misses.lua" \
      "http://127.0.0.1:${PORT[$name]}" >/dev/null
    # shellcheck disable=SC2086
    j1="$(jit_ticks $pids)"
    if [ $(((j1 - j0) * 1000000000 / $(getconf CLK_TCK) * 20)) -lt $(($(date +%s%N) - t0)) ] || [ $((SECONDS - start + slice)) -gt "$MISS_WARMUP_MAX" ]; then
      break
    fi
  done
  echo $((SECONDS - start))
}
per_request() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", (n > 0) ? t * 1e6 / hz / n : 0}'; }

measure_misses() { # server kind connections -> "requests/s p99 server-us/request origin-us/request", failing on any hit or a miss the origin did not see
  local name="$1" out rps p99 hits answered sent before after server_pids origin_pids s0 s1 o0 o1
  server_pids="$(listeners "${PORT[$name]}")" origin_pids="$(listeners "$ORIGIN_PORT")"
  before="$(origin_settled)"
  # shellcheck disable=SC2086
  s0="$(cpu_ticks $server_pids)" o0="$(cpu_ticks $origin_pids)"
  out="$(BENCH_KIND=$2 BENCH_SIZE=$MISS_SIZE "${client_cpu[@]}" wrk -t1 -c"$3" -d"$DURATION" --latency -s "$work/misses.lua" \
    "http://127.0.0.1:${PORT[$name]}")"
  # shellcheck disable=SC2086
  s1="$(cpu_ticks $server_pids)" o1="$(cpu_ticks $origin_pids)"
  after="$(origin_settled)"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  hits="$(awk '$1=="hits" {print $2}' <<<"$out")"
  answered="$(awk '/requests in/ {print $1}' <<<"$out")"
  sent="$(awk '$1=="sent" {print $2}' <<<"$out")"
  if [ "$hits" != "0" ] || [ $((after - before)) -lt "$answered" ] || [ $((after - before)) -gt "$sent" ]; then
    echo "$name $2: $hits responses were hits or errors; $sent sent, $answered answered, the origin served $((after - before))" >&2
    exit 1
  fi
  echo "$rps $p99 $(per_request $((s1 - s0)) "$answered") $(per_request $((o1 - o0)) "$answered")"
}

echo "misses: $MISS_KINDS, $((MISS_SIZE / 1024))KiB, every request a new URL; $ROUNDS rounds of $DURATION, interleaved; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %-6s %-6s %-12s %14s %10s %12s %12s\n' miss conns round server requests/s p99 cpu-us/req origin-us/req
for kind in $MISS_KINDS; do
  for conns in $MISS_CONNECTIONS; do
    declare -A rates=() tails=() costs=()
    warmed=""
    for s in $SERVERS; do   # a JIT-compiled miss path on every server before anything counts
      warmed="$warmed $s $(warm_up "$s" "$kind" "$conns")s"
    done
    echo "warm-up until the JIT settled:$warmed"
    for round in $(seq "$ROUNDS"); do
      for s in $SERVERS; do
        measure_misses "$s" "$kind" "$conns" >"$work/m"
        read -r rps p99 cost origin_cost <"$work/m"
        printf '%-9s %-6s %-6s %-12s %14s %10s %12s %12s\n' "$kind" "$conns" "$round" "$s" "$rps" "$p99" "$cost" "$origin_cost"
        rates[$s]="${rates[$s]:-} $rps"
        costs[$s]="${costs[$s]:-} $cost"
        tails[$s]="${tails[$s]:-} $(awk '{v=$1; if (v ~ /us$/) v=v/1000; else if (v ~ /ms$/) v=v+0; else if (v ~ /s$/) v=v*1000; print v}' <<<"$p99")"
      done
    done
    summary="$kind misses x $conns conns: median"
    for s in $SERVERS; do
      summary="$summary $s $(printf '%s\n' ${rates[$s]} | median)/s p99 $(printf '%s\n' ${tails[$s]} | median)ms $(printf '%s\n' ${costs[$s]} | median)us-cpu"
    done
    if [[ " $SERVERS " == *" nginx "* ]]; then
      n="$(printf '%s\n' ${rates[nginx]} | median)"
      for s in $SERVERS; do
        [ "$s" = nginx ] && continue
        summary="$summary; $s/nginx $(awk -v a="$(printf '%s\n' ${rates[$s]} | median)" -v b="$n" 'BEGIN {printf "%.2f", a / b}')"
        summary="$summary, cpu per miss $s/nginx $(awk -v a="$(printf '%s\n' ${costs[$s]} | median)" -v b="$(printf '%s\n' ${costs[nginx]} | median)" \
          'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')"
      done
    fi
    echo "$summary (every measured request a miss the origin served; load $(cut -d' ' -f1-3 /proc/loadavg))"
    unset rates tails costs
  done
done
