# TLS and HTTP/2 rows of bench/edge-vs-nginx.sh, sourced by it after its plain-HTTP rows (it provides $jar,
# $work, $pids, median, origin_objects and the origin on $ORIGIN_PORT).
#
# The same certificate (EC P-256, made here with openssl) for both sides: popnet with its BoringSSL engine
# (netty-tcnative, tls.engine=openssl) and with the JDK's (tls.engine=jdk), 1 event loop each, against
# nginx with 1 worker, TLS 1.3, each in front of the same origin. HTTPS/1.1 is measured with wrk and the
# script's hit-counting Lua; HTTP/2 with h2load (TLS_STREAMS streams per connection), whose per-request
# log gives p99. A run fails if any measured response is not a 200, if the origin served anything while
# measuring, or if nginx logged anything but HIT. nginx keeps connections for as many requests as popnet
# does (keepalive_requests, http2_max_requests), so neither side pays for new handshakes mid-run. A warm-up
# round (WARMUP of load, then one measured round shown as "warm-up") precedes the ROUNDS the medians count.
# Settings: TLS_SIZES (default "1024 102400"), TLS_STREAMS (10), POPNET_TLS_PORT, POPNET_JDK_TLS_PORT,
# NGINX_TLS_PORT (18443-18445), TLS_CONNECTIONS (50).
TLS_SIZES="${TLS_SIZES:-1024 102400}"
TLS_STREAMS="${TLS_STREAMS:-10}"
CONNECTIONS="${TLS_CONNECTIONS:-50}"
POPNET_TLS_PORT="${POPNET_TLS_PORT:-18443}" POPNET_JDK_TLS_PORT="${POPNET_JDK_TLS_PORT:-18444}" NGINX_TLS_PORT="${NGINX_TLS_PORT:-18445}"

if ! command -v h2load >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing nghttp2-client (h2load)" >&2
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nghttp2-client >/dev/null
fi

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/tls.key" -out "$work/tls.pem" \
  -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
chmod 644 "$work/tls.key"   # nginx reads it as root before dropping to nobody; only this run's throwaway key

for engine in openssl jdk; do
  port=$POPNET_TLS_PORT; [ "$engine" = jdk ] && port=$POPNET_JDK_TLS_PORT
  java -jar "$jar" edge --port 0 --https-port "$port" --tls-cert "$work/tls.pem" --tls-key "$work/tls.key" --origin "http://127.0.0.1:$ORIGIN_PORT" \
    --capacity 1GiB --set event-loops=1 --set tls.engine=$engine --set tls.protocols=TLSv1.3 >"$work/edge-$engine.log" 2>&1 & pids+=($!)
done

cat >"$work/nginx-tls.conf" <<NGINX
$user_line
worker_processes 1;
pid $work/nginx-tls.pid;
error_log $work/nginx-tls-error.log warn;
events { worker_connections 4096; }
http {
  log_format cache '\$upstream_cache_status';
  access_log $work/nginx-cache.log cache;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  proxy_cache_path $work/cache-tls levels=1:2 keys_zone=hottls:16m max_size=1g inactive=1h use_temp_path=off;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 32; }
  keepalive_requests 1000000;
  http2_max_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_TLS_PORT ssl http2;
    ssl_certificate $work/tls.pem;
    ssl_certificate_key $work/tls.key;
    ssl_protocols TLSv1.3;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache hottls;
      proxy_cache_lock on;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
NGINX
mkdir -p "$work/cache-tls"
[ "$(id -u)" -eq 0 ] && chown -R nobody:nogroup "$work/cache-tls"
nginx -c "$work/nginx-tls.conf" 2>>"$work/nginx-tls-error.log"
for _ in $(seq 50); do [ -s "$work/nginx-tls.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$work/nginx-tls.pid")")

for port in $POPNET_TLS_PORT $POPNET_JDK_TLS_PORT $NGINX_TLS_PORT; do
  for _ in $(seq 150); do curl -sk -o /dev/null "https://127.0.0.1:$port/health" && break; sleep 0.2; done
done

# A hit on every measured request: the origin serves nothing meanwhile, and nginx logs only HIT.
check_hits() { # name proto before after
  if [ "$3" != "$4" ]; then
    echo "$1 ($2): not every response was a hit, the origin served $(($4 - $3)) objects" >&2
    exit 1
  fi
  if [ "$1" = nginx ]; then
    kill -USR1 "$(cat "$work/nginx-tls.pid")"; sleep 0.5   # flush the buffered log
    logged="$(grep -vc '^HIT$' "$work/nginx-cache.log" || true)"
    if [ "$logged" != "0" ]; then echo "nginx ($2): $logged requests logged without HIT" >&2; exit 1; fi
  fi
}

measure_h1() { # name url -> "requests/s p99"
  local name="$1" url="$2" out before after
  before="$(origin_objects)"
  : >"$work/nginx-cache.log"
  out="$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url")"
  after="$(origin_objects)"
  if grep -q 'Non-2xx' <<<"$out"; then echo "$name (h1): non-200 responses:" >&2; echo "$out" >&2; exit 1; fi
  check_hits "$name" h1 "$before" "$after"
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
}

measure_h2() { # name url -> "requests/s p99", failing on any non-200 or any origin fetch
  local name="$1" url="$2" out rps p99 before after logged
  before="$(origin_objects)"
  : >"$work/nginx-cache.log"
  out="$(h2load -t1 -c"$CONNECTIONS" -m"$TLS_STREAMS" -D"${DURATION%s}" --log-file="$work/h2.log" "$url")"
  after="$(origin_objects)"
  rps="$(grep -o 'finished in [^,]*, [0-9.]* req/s' <<<"$out" | awk '{print $(NF-1)}')"
  if ! grep -q 'status codes: [0-9]* 2xx, 0 3xx, 0 4xx, 0 5xx' <<<"$out" || ! grep -q ' 0 failed, 0 errored' <<<"$out" || [ -z "$rps" ]; then
    echo "$name (h2): failed or non-200 responses:" >&2
    echo "$out" >&2
    exit 1
  fi
  check_hits "$name" h2 "$before" "$after"
  # The log's third column is each request's time in microseconds.
  p99="$(awk '$2 == 200 {print $3}' "$work/h2.log" | sort -n | awk '{a[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; printf "%.2fms", a[i]/1000}')"
  echo "$rps $p99"
}

echo
echo "TLS 1.3, same certificate; popnet-ssl = BoringSSL engine, popnet-jdk = the JDK's"
printf '%-8s %-8s %-6s %-11s %14s %10s\n' object protocol round server requests/s p99
for size in $TLS_SIZES; do
  path="/obj/tls-$size?size=$size&ttl=3600"
  label="$((size / 1024))KiB"
  for proto in h1 h2; do
    declare -A all=()
    # Round 0 is a whole measured round that counts for nothing: every server's TLS path is compiled and its
    # caches are warm before the rounds the medians are taken from.
    for round in $(seq 0 "$ROUNDS"); do
      for server in popnet-ssl popnet-jdk nginx; do
        case $server in popnet-ssl) port=$POPNET_TLS_PORT ;; popnet-jdk) port=$POPNET_JDK_TLS_PORT ;; nginx) port=$NGINX_TLS_PORT ;; esac
        url="https://localhost:$port$path"
        if [ "$round" = 0 ]; then
          curl -sk -o /dev/null "$url"; curl -sk -o /dev/null "$url"
          if [ $proto = h1 ]; then wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
          else h2load -t1 -c"$CONNECTIONS" -m"$TLS_STREAMS" -D"${WARMUP%s}" "$url" >/dev/null; fi
        fi
        name=popnet; [ $server = nginx ] && name=nginx
        if [ $proto = h1 ]; then measure_h1 "$name" "$url" >"$work/m"; else measure_h2 "$name" "$url" >"$work/m"; fi
        read -r rps p99 <"$work/m"
        if [ "$round" = 0 ]; then
          printf '%-8s %-8s %-6s %-11s %14s %10s\n' "$label" "$proto" warm-up "$server" "$rps" "$p99"
          continue
        fi
        printf '%-8s %-8s %-6s %-11s %14s %10s\n' "$label" "$proto" "$round" "$server" "$rps" "$p99"
        all[$server]+="$rps "
      done
    done
    s="$(printf '%s\n' ${all[popnet-ssl]} | median)"; j="$(printf '%s\n' ${all[popnet-jdk]} | median)"; n="$(printf '%s\n' ${all[nginx]} | median)"
    awk -v s="$s" -v j="$j" -v n="$n" -v l="$label" -v p="$proto" 'BEGIN {printf "%-8s %-8s median popnet-ssl %.0f, popnet-jdk %.0f, nginx %.0f requests/s: popnet-ssl/nginx %.2f, popnet-jdk/nginx %.2f, ssl/jdk %.2f (every measured request a hit)\n", l, p, s, j, n, s / n, j / n, s / j}'
    unset all
  done
done
