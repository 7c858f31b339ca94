#!/usr/bin/env bash
# Hit throughput of `popnet edge` against nginx (proxy_cache, tuned as its users tune it) and Varnish
# (malloc storage), all in front of the same popnet origin on this machine, plus `popnet edge` serving
# from its disk tier (memory tier of 1 MiB, so hits of many keys are read from disk) against the same
# nginx proxy_cache. Rows: every object size of SIZES x every number of hot keys of KEYS x every client
# count of CONNECTIONS_LIST; in each row the servers take turns, ROUNDS rounds interleaved
# (popnet, nginx, varnish, popnet-disk, popnet, ...). CORES=1 pins every server to cpu 0 and wrk to cpu
# 1 (popnet 1 event loop, nginx 1 worker, Varnish's threads on the one cpu); CORES=all pins nothing and
# gives popnet and nginx one event loop / worker per core.
#
# Every measured request must be a hit, or the figures mean nothing: the Lua script counts responses
# whose Cache-Status (popnet) or X-Cache (nginx: $upstream_cache_status; Varnish: obj.hits) does not say
# hit, nginx also logs $upstream_cache_status for every request, and the origin's count of object
# requests must not move while measuring. Any miss fails the run.
#
# Prints requests/s, p99 and the server's CPU time per request (user + system, all its processes) per round,
# the median of each, and the ratios of the medians to nginx's. On a shared machine the CPU per request is
# the steadier figure: other load lowers requests/s far more than it changes what one request costs.
# Measured rounds follow warm-ups, the same for every server: before the first row each server takes
# JIT_WARMUP of hits spread over every size of SIZES (a JIT-cold first round would measure the JVM's
# start-up, not its hits), and before each row WARMUP of that row's hits.
# Settings: DURATION (default 10s), WARMUP (3s), JIT_WARMUP (15s), ROUNDS (3), SIZES ("1024 102400 1048576"), KEYS ("1 10000"),
# CONNECTIONS_LIST ("50 500"), CORES (1 or all; default 1), SERVERS ("popnet nginx varnish popnet-disk"),
# POPNET_JAR (default: this checkout's, built if needed; an edge runs through the launcher of the distribution its jar
# is in, with the JVM flags users get), POPNET_BASE_JAR (another build, run as server popnet-base beside popnet, e.g. SERVERS="popnet popnet-base nginx"), POPNET_HEAP (-Xmx of the edges, default 4g;
# their bodies live in direct memory, up to 3g), POPNET_JAVA_OPTS (more JVM flags for the edges, e.g. a collector or young generation size),
# POPNET_BASE_JAVA_OPTS (popnet-base's instead, when set: e.g. two collectors compared on one jar),
# BASE_PORT (18080: origin, then one port per server), HIT_ONLY=1 (only these hit rows: no miss, TLS or HTTP/2 rows).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
JIT_WARMUP="${JIT_WARMUP:-15s}"
ROUNDS="${ROUNDS:-3}"
SIZES="${SIZES:-1024 102400 1048576}"
KEYS="${KEYS:-1 10000}"
CONNECTIONS_LIST="${CONNECTIONS_LIST:-${CONNECTIONS:-50 500}}"
CORES="${CORES:-1}"
SERVERS="${SERVERS:-popnet nginx varnish popnet-disk}"
POPNET_HEAP="${POPNET_HEAP:-4g}"
BASE_PORT="${BASE_PORT:-18080}"
ORIGIN_PORT=$BASE_PORT
declare -A PORT=([popnet]=$((BASE_PORT + 1)) [nginx]=$((BASE_PORT + 2)) [varnish]=$((BASE_PORT + 3)) [popnet-disk]=$((BASE_PORT + 4))
  [popnet-base]=$((BASE_PORT + 5)))
# 10,000 keys of 1 MiB are 10 GB: more than the memory caches are given here, so that row is left out.
MAX_WORKING_SET=$((2 * 1024 * 1024 * 1024))

need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v varnishd >/dev/null 2>&1 || need+=(varnish)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing ${need[*]}" >&2
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
. "$root/bench/lib/popnet.sh"
jar="$(popnet_jar)"

if [ "$CORES" = 1 ]; then
  server_cpu=(taskset -c 0) client_cpu=(taskset -c 1) loops=1
else
  server_cpu=() client_cpu=() loops="$(nproc)"
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -f "$work/varnish.pid" ] && kill "$(cat "$work/varnish.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

java -jar "$jar" origin --port "$ORIGIN_PORT" --set event-loops=1 >"$work/origin.log" 2>&1 & pids+=($!)
declare -A server_pid=()
# The launcher of the distribution a jar is in (lib/popnet.jar beside bin/popnet; this checkout's build: cli/target/popnet-*),
# or nothing for a jar on its own.
edge_launcher() { # jar
  local l
  if [ -x "${1%/*}/../bin/popnet" ]; then echo "${1%/*}/../bin/popnet"; return; fi
  [ "$1" = "$root/cli/target/popnet.jar" ] || return 0
  for l in "$root"/cli/target/popnet-*/bin/popnet; do [ -x "$l" ] && echo "$l" && return; done
}
# An edge runs through its distribution's launcher when it has one, with the JVM flags users get (the collector among
# them); a jar on its own runs with java's defaults. The launcher's later JIT compilation only slows the warm-up, so it
# compiles at the JVM's default thresholds here, as java -jar does.
popnet_edge() { # name port extra-args...
  local name="$1" port="$2" edge_jar="$jar" opts="${POPNET_JAVA_OPTS:-}" launcher; shift 2
  [ "$name" = popnet-base ] && edge_jar="$POPNET_BASE_JAR" opts="${POPNET_BASE_JAVA_OPTS-$opts}"
  opts="-Xmx$POPNET_HEAP -XX:MaxDirectMemorySize=3g $opts"
  launcher="$(edge_launcher "$edge_jar")"
  if [ -n "$launcher" ]; then
    JAVA_OPTS="-XX:CompileThresholdScaling=1 $opts" "${server_cpu[@]}" "$launcher" edge --port "$port" \
      --origin "http://127.0.0.1:$ORIGIN_PORT" --set event-loops="$loops" "$@" >"$work/$name.log" 2>&1 & pids+=($!)
  else
    # shellcheck disable=SC2086
    "${server_cpu[@]}" java $opts -jar "$edge_jar" edge --port "$port" \
      --origin "http://127.0.0.1:$ORIGIN_PORT" --set event-loops="$loops" "$@" >"$work/$name.log" 2>&1 & pids+=($!)
  fi
  server_pid[$name]=$!
  echo "$name: ${launcher:-java -jar $edge_jar} $opts"
}
case " $SERVERS " in *" popnet "*) popnet_edge popnet "${PORT[popnet]}" --capacity 2GiB ;; esac
case " $SERVERS " in *" popnet-base "*) popnet_edge popnet-base "${PORT[popnet-base]}" --capacity 2GiB ;; esac
case " $SERVERS " in *" popnet-disk "*)
  mkdir -p "$work/disk"
  popnet_edge popnet-disk "${PORT[popnet-disk]}" --capacity 1MiB --disk "$work/disk" --disk-capacity 12GiB ;;
esac

# nginx's workers must be able to write the cache: as root they run as nobody, who cannot enter a 0700 mktemp folder.
mkdir -p "$work/cache" "$work/tmp"
user_line=""
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$work"
  chown -R nobody:nogroup "$work/cache" "$work/tmp"
  user_line="user nobody nogroup;"
fi
# As users tune it: sendfile (tcp_nopush off: with it, 100 KiB hits stalled ~40 ms each here), open_file_cache for the cache files,
# keepalive to the origin, a big enough keys zone, access log buffered.
cat >"$work/nginx.conf" <<NGINX
$user_line
worker_processes $([ "$CORES" = 1 ] && echo 1 || echo auto);
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 8192; multi_accept on; }
http {
  sendfile on; tcp_nopush off; tcp_nodelay on;
  keepalive_requests 100000;
  open_file_cache max=20000 inactive=60s; open_file_cache_valid 60s;
  log_format cache '\$upstream_cache_status';
  access_log $work/nginx-cache.log cache buffer=64k;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  proxy_cache_path $work/cache levels=1:2 keys_zone=hot:64m max_size=12g inactive=1h use_temp_path=off;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:${PORT[nginx]} backlog=4096;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache hot;
      proxy_cache_lock on;
      proxy_buffers 16 64k;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
NGINX
case " $SERVERS " in *" nginx "*) "${server_cpu[@]}" nginx -c "$work/nginx.conf" ;; esac

cat >"$work/varnish.vcl" <<VCL
vcl 4.1;
backend origin { .host = "127.0.0.1"; .port = "$ORIGIN_PORT"; }
sub vcl_deliver { if (obj.hits > 0) { set resp.http.X-Cache = "HIT"; } else { set resp.http.X-Cache = "MISS"; } }
VCL
case " $SERVERS " in *" varnish "*)
  "${server_cpu[@]}" varnishd -a "127.0.0.1:${PORT[varnish]}" -f "$work/varnish.vcl" -s malloc,3G -n "$work/varnish" \
    -P "$work/varnish.pid" -p thread_pool_min=50 -p thread_pool_max=2000 >"$work/varnish.log" 2>&1 ;;
esac

# The hot keys, picked at random per request (one key: always the same); counts responses that were not hits.
cat >"$work/hits.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  misses = 0
  keys = tonumber(os.getenv("BENCH_KEYS")); size = os.getenv("BENCH_SIZE")
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
function request()
  local k = keys == 1 and 0 or math.random(0, keys - 1)
  return wrk.format("GET", "/obj/bench-" .. size .. "-" .. k .. "?size=" .. size .. "&ttl=36000")
end
function response(status, headers, body)
  local cs = headers["Cache-Status"] or headers["cache-status"]
  local xc = headers["X-Cache"] or headers["x-cache"]
  local hit = (cs ~= nil and string.find(cs, "; hit", 1, true) ~= nil) or xc == "HIT"
  if status ~= 200 or not hit then misses = misses + 1 end
end
function done(summary, latency, requests)
  local m = 0
  for _, t in ipairs(threads) do m = m + t:get("misses") end
  io.write(string.format("misses %d\n", m))
end
LUA

for s in origin $SERVERS; do
  port=$([ "$s" = origin ] && echo "$ORIGIN_PORT" || echo "${PORT[$s]}")
  for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

origin_objects() { curl -s "http://127.0.0.1:$ORIGIN_PORT/stats" | tr -d ' \n' | grep -o '"obj":[0-9]*' | cut -d: -f2; }

# Fetches every hot key twice on a server (stored by the first, checked a hit by the second), 64 at a time.
fill() { # server size keys
  local port="${PORT[$1]}"
  for pass in 1 2; do
    awk -v n="$3" -v p="$port" -v s="$2" 'BEGIN { for (i = 0; i < n; i++)
      printf "url = \"http://127.0.0.1:%s/obj/bench-%s-%d?size=%s&ttl=36000\"\noutput = \"/dev/null\"\n", p, s, i, s }' >"$work/urls"
    curl -s --no-progress-meter --parallel --parallel-max 64 -K "$work/urls"
  done
  if [ "$1" = popnet-disk ]; then sleep 2; fi  # the disk tier writes in the background
}

measure() { # server connections -> "requests/s p99", failing on any miss
  local name="$1" out rps p99 misses before after logged
  before="$(origin_objects)"
  if [ "$name" = nginx ]; then # flush what the fill and the warm-up left in nginx's log buffer before counting
    kill -USR1 "$(cat "$work/nginx.pid")"; sleep 0.5
  fi
  : >"$work/nginx-cache.log"
  local ticks
  ticks="$(cpu_ticks "$name")"
  out="$(BENCH_KEYS=$keys BENCH_SIZE=$size "${client_cpu[@]}" wrk -t"$([ "$2" -ge 500 ] && echo 2 || echo 1)" -c"$2" -d"$DURATION" \
    --latency -s "$work/hits.lua" "http://127.0.0.1:${PORT[$name]}")"
  after="$(origin_objects)"
  ticks=$(($(cpu_ticks "$name") - ticks))
  cpu="$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" '/requests in/ {printf "%.1f", t * 1e6 / hz / $1}' <<<"$out")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  misses="$(awk '$1=="misses" {print $2}' <<<"$out")"
  if [ "$misses" != "0" ] || [ "$before" != "$after" ]; then
    echo "$name: $misses responses were not hits, the origin served $((after - before)) objects during the measurement" >&2
    exit 1
  fi
  if [ "$name" = nginx ]; then
    kill -USR1 "$(cat "$work/nginx.pid")"; sleep 0.5   # flush the buffered log
    logged="$(grep -vc '^HIT$' "$work/nginx-cache.log" || true)"
    if [ "$logged" != "0" ]; then
      echo "nginx: $logged requests logged without HIT; see $work/nginx-error.log" >&2
      exit 1
    fi
  fi
  echo "$rps $p99 $cpu"
}

# CPU time (user + system, clock ticks) a server's processes have used: a figure the other load on a
# shared machine does not inflate the way it does requests/s.
cpu_ticks() { # server
  local ps p t=0
  case "$1" in
    nginx | varnish) ps="$(cat "$work/$1.pid") $(pgrep -P "$(cat "$work/$1.pid")" | tr '\n' ' ')" ;;
    *) ps="${server_pid[$1]}" ;;
  esac
  for p in $ps; do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# TLS and HTTP/2 rows, when present, are defined there and run after the plain ones with the same helpers.
rows_hook="$root/bench/lib/tls-rows.sh"

misses_hook="$root/bench/edge-misses.sh"
if [ "${MISS_ONLY:-0}" = 1 ]; then SIZES="" rows_hook=""; fi   # bench/edge-misses.sh run on its own
if [ "${HIT_ONLY:-0}" = 1 ]; then misses_hook="" rows_hook=""; fi  # the plain hit rows alone

# The start-up warm-up: the same hits for every server, one hot key of each size in turn, JIT_WARMUP in all.
warmup_each="$(awk -v d="${JIT_WARMUP%s}" -v n="$(wc -w <<<"$SIZES")" 'BEGIN {w = int(d / (n > 0 ? n : 1)); print (w < 1 ? 1 : w)}')s"
for s in $SERVERS; do
  for size in $SIZES; do
    fill "$s" "$size" 1
    BENCH_KEYS=1 BENCH_SIZE=$size "${client_cpu[@]}" wrk -t1 -c50 -d"$warmup_each" -s "$work/hits.lua" "http://127.0.0.1:${PORT[$s]}" >/dev/null
  done
done

echo "cores: $CORES; servers: $SERVERS; each warmed up alike ($JIT_WARMUP at start-up over every size, $WARMUP per row);" \
  "$ROUNDS rounds of $DURATION, interleaved"
printf '%-8s %-6s %-6s %-6s %-12s %14s %10s %12s\n' object keys conns round server requests/s p99 cpu-us/req
for size in $SIZES; do
  for keys in $KEYS; do
    if [ $((size * keys)) -gt $MAX_WORKING_SET ]; then
      echo "$((size / 1024))KiB x $keys keys: left out, a working set larger than the memory caches here"
      continue
    fi
    for s in $SERVERS; do
      fill "$s" "$size" "$keys"
      BENCH_KEYS=$keys BENCH_SIZE=$size "${client_cpu[@]}" wrk -t1 -c50 -d"$WARMUP" -s "$work/hits.lua" "http://127.0.0.1:${PORT[$s]}" >/dev/null
    done
    label="$((size / 1024))KiB"
    for conns in $CONNECTIONS_LIST; do
      declare -A all=() cpus=()
      for round in $(seq "$ROUNDS"); do
        for s in $SERVERS; do
          measure "$s" "$conns" >"$work/m"   # not in a subshell: a miss must stop the run
          read -r rps p99 cpu <"$work/m"
          printf '%-8s %-6s %-6s %-6s %-12s %14s %10s %12s\n' "$label" "$keys" "$conns" "$round" "$s" "$rps" "$p99" "$cpu"
          all[$s]="${all[$s]:-} $rps"
          cpus[$s]="${cpus[$s]:-} $cpu"
        done
      done
      summary="$label x $keys keys x $conns conns: median"
      for s in $SERVERS; do
        summary="$summary $s $(printf '%s\n' ${all[$s]} | median)"
      done
      if [[ " $SERVERS " == *" nginx "* ]]; then
        n="$(printf '%s\n' ${all[nginx]} | median)"
        for s in $SERVERS; do
          [ "$s" = nginx ] && continue
          summary="$summary; $s/nginx $(awk -v a="$(printf '%s\n' ${all[$s]} | median)" -v b="$n" 'BEGIN {printf "%.2f", a / b}')"
        done
        c="$(printf '%s\n' ${cpus[nginx]} | median)"
        summary="$summary; CPU per request, median, x nginx's:"
        for s in $SERVERS; do
          [ "$s" = nginx ] && continue
          summary="$summary $s $(awk -v a="$(printf '%s\n' ${cpus[$s]} | median)" -v b="$c" 'BEGIN {printf "%.2f", a / b}')"
        done
      fi
      echo "$summary (every measured request a hit)"
      unset all cpus
    done
  done
done
# shellcheck source=/dev/null
[ -f "$misses_hook" ] && . "$misses_hook"
# shellcheck source=/dev/null
[ -n "$rows_hook" ] && [ -f "$rows_hook" ] && . "$rows_hook"
exit 0
