#!/usr/bin/env bash
# Hit throughput of `popnet edge` against nginx proxy_cache in front of the same popnet origin, run one
# after the other on this machine: 1 KiB and 100 KiB hot objects, wrk with the same settings for both.
# Fairness: nginx runs 1 worker process, popnet 1 event loop; wrk 1 thread. Prints requests/s, p99 and
# the ratio popnet/nginx. Settings: DURATION (default 10s), CONNECTIONS (50), WARMUP (5s).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
WARMUP="${WARMUP:-5s}"
ORIGIN_PORT=18080 EDGE_PORT=18081 NGINX_PORT=18082

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
"$root/popnet" --version >/dev/null   # builds popnet.jar if needed
jar="$root/cli/target/popnet.jar"

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

mkdir -p "$work/cache" "$work/tmp"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
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

for port in $ORIGIN_PORT $EDGE_PORT $NGINX_PORT; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
done

measure() { # url -> "requests/s p99"
  local out rps p99
  out="$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$1")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  echo "$rps $p99"
}

printf '%-8s %-7s %14s %10s\n' object server requests/s p99
for size in 1024 102400; do
  path="/obj/bench-$size?size=$size&ttl=3600"
  for port in $EDGE_PORT $NGINX_PORT; do
    curl -s -o /dev/null "http://127.0.0.1:$port$path"; curl -s -o /dev/null "http://127.0.0.1:$port$path"
    wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$port$path" >/dev/null
  done
  read -r popnet_rps popnet_p99 < <(measure "http://127.0.0.1:$EDGE_PORT$path")
  read -r nginx_rps nginx_p99 < <(measure "http://127.0.0.1:$NGINX_PORT$path")
  label="$((size / 1024))KiB"
  printf '%-8s %-7s %14s %10s\n' "$label" popnet "$popnet_rps" "$popnet_p99"
  printf '%-8s %-7s %14s %10s\n' "$label" nginx "$nginx_rps" "$nginx_p99"
  awk -v a="$popnet_rps" -v b="$nginx_rps" -v l="$label" 'BEGIN {printf "%-8s ratio popnet/nginx: %.2f\n", l, a / b}'
done
