#!/usr/bin/env bash
# Hit throughput of `popnet edge` against nginx proxy_cache in front of the same popnet origin, on this
# machine: 1 KiB and 100 KiB hot objects, wrk with the same settings and the same Lua script for both,
# ROUNDS rounds interleaved (popnet, nginx, popnet, nginx, ...). Fairness: nginx runs 1 worker process,
# popnet 1 event loop; wrk 1 thread.
#
# Every measured request must be a hit, or the figures mean nothing: the Lua script counts responses
# whose Cache-Status (popnet) or X-Cache from $upstream_cache_status (nginx) does not say hit, nginx
# also logs $upstream_cache_status for every request, and the origin's count of object requests must
# not move while measuring. Any miss fails the run.
#
# Prints requests/s and p99 per round, the median of each, and the ratio popnet/nginx of the medians.
# Settings: DURATION (default 10s), CONNECTIONS (50), WARMUP (5s), ROUNDS (3), POPNET_JAR (the jar to
# run; default: this checkout's, built if needed), ORIGIN_PORT, EDGE_PORT, NGINX_PORT (18080-18082).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
WARMUP="${WARMUP:-5s}"
ROUNDS="${ROUNDS:-3}"
ORIGIN_PORT="${ORIGIN_PORT:-18080}" EDGE_PORT="${EDGE_PORT:-18081}" NGINX_PORT="${NGINX_PORT:-18082}"

need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing ${need[*]}" >&2
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
jar="${POPNET_JAR:-}"
if [ -z "$jar" ]; then
  "$root/popnet" --version >/dev/null   # builds popnet.jar if needed
  jar="$root/cli/target/popnet.jar"
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

java -jar "$jar" origin --port $ORIGIN_PORT --set event-loops=1 >"$work/origin.log" 2>&1 & pids+=($!)
java -jar "$jar" edge --port $EDGE_PORT --origin "http://127.0.0.1:$ORIGIN_PORT" --capacity 1GiB --set event-loops=1 >"$work/edge.log" 2>&1 & pids+=($!)

# nginx's workers must be able to write the cache: as root they run as nobody, who cannot enter a 0700 mktemp folder.
mkdir -p "$work/cache" "$work/tmp"
user_line=""
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$work"
  chown -R nobody:nogroup "$work/cache" "$work/tmp"
  user_line="user nobody nogroup;"
fi
cat >"$work/nginx.conf" <<NGINX
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  log_format cache '\$upstream_cache_status';
  access_log $work/nginx-cache.log cache;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  proxy_cache_path $work/cache levels=1:2 keys_zone=hot:16m max_size=1g inactive=1h use_temp_path=off;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 32; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache hot;
      proxy_cache_lock on;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf"

# Counts responses that were not hits (popnet: Cache-Status without "hit"; nginx: X-Cache other than HIT).
cat >"$work/hits.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) misses = 0 end
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

for port in $ORIGIN_PORT $EDGE_PORT $NGINX_PORT; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
done

origin_objects() { curl -s "http://127.0.0.1:$ORIGIN_PORT/stats" | tr -d ' \n' | grep -o '"obj":[0-9]*' | cut -d: -f2; }

measure() { # name url -> "requests/s p99", failing on any miss
  local name="$1" url="$2" out rps p99 misses before after logged
  before="$(origin_objects)"
  : >"$work/nginx-cache.log"
  out="$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/hits.lua" "$url")"
  after="$(origin_objects)"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  misses="$(awk '$1=="misses" {print $2}' <<<"$out")"
  if [ "$misses" != "0" ] || [ "$before" != "$after" ]; then
    echo "$name: $misses responses were not hits, the origin served $((after - before)) objects during the measurement" >&2
    exit 1
  fi
  if [ "$name" = nginx ]; then
    logged="$(grep -vc '^HIT$' "$work/nginx-cache.log" || true)"
    if [ "$logged" != "0" ]; then
      echo "nginx: $logged requests logged without HIT; see $work/nginx-error.log" >&2
      cat "$work/nginx-error.log" >&2
      exit 1
    fi
  fi
  echo "$rps $p99"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

printf '%-8s %-6s %-7s %14s %10s\n' object round server requests/s p99
for size in 1024 102400; do
  path="/obj/bench-$size?size=$size&ttl=3600"
  for port in $EDGE_PORT $NGINX_PORT; do
    curl -s -o /dev/null "http://127.0.0.1:$port$path"; curl -s -o /dev/null "http://127.0.0.1:$port$path"
    wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$port$path" >/dev/null
  done
  label="$((size / 1024))KiB"
  popnet_all=() nginx_all=()
  for round in $(seq "$ROUNDS"); do
    measure popnet "http://127.0.0.1:$EDGE_PORT$path" >"$work/m"   # not in a subshell: a miss must stop the run
    read -r popnet_rps popnet_p99 <"$work/m"
    printf '%-8s %-6s %-7s %14s %10s\n' "$label" "$round" popnet "$popnet_rps" "$popnet_p99"
    measure nginx "http://127.0.0.1:$NGINX_PORT$path" >"$work/m"
    read -r nginx_rps nginx_p99 <"$work/m"
    printf '%-8s %-6s %-7s %14s %10s\n' "$label" "$round" nginx "$nginx_rps" "$nginx_p99"
    popnet_all+=("$popnet_rps") nginx_all+=("$nginx_rps")
  done
  p="$(printf '%s\n' "${popnet_all[@]}" | median)"
  n="$(printf '%s\n' "${nginx_all[@]}" | median)"
  awk -v a="$p" -v b="$n" -v l="$label" 'BEGIN {printf "%-8s median popnet %.0f, nginx %.0f requests/s: ratio popnet/nginx %.2f (every measured request a hit)\n", l, a, b, a / b}'
done
[ -f bench/lib/tls-rows.sh ] && . bench/lib/tls-rows.sh
