#!/usr/bin/env bash
# Start-up of an edge: milliseconds from launching the process to its first proxied answer (a miss
# fetched from a running popnet origin), for popnet with and without its class-data-sharing archive,
# nginx (proxy_cache) and Varnish, interleaved round by round (A B C D A B C D ...) on this machine.
# Prints each server's median wall time and its ratio to nginx, and the median CPU time the server used (for popnet also by thread). Settings: ROUNDS (default 7), KINDS (default all four;
# add "baseline" with BASELINE_LAUNCHER=path/to/popnet-VERSION/bin/popnet to time another distribution, e.g. the one before a change,
# or with BASELINE_JAR=path/to/popnet.jar to time plain `java -jar` of a build).
# Uses the distribution folder cli/target/popnet-VERSION that `mvn -B package` makes (built if missing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-7}"
ORIGIN_PORT=18090 PORT=18091
for tool in nginx varnishd curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "needs $tool (nginx, varnish, curl packages)" >&2; exit 2; }
done
. "$root/bench/lib/popnet.sh"
launcher="$(popnet_launcher)"

work="$(mktemp -d)"
chmod 755 "$work"   # nginx workers run as nobody and must reach the cache
origin_pid=""
cleanup() {
  [ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$launcher" origin --port $ORIGIN_PORT >"$work/origin.log" 2>&1 & origin_pid=$!
for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$ORIGIN_PORT/health" && break; sleep 0.1; done

mkdir -p "$work/cache" "$work/tmp"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  proxy_cache_path $work/cache levels=1:2 keys_zone=hot:16m max_size=1g inactive=1h use_temp_path=off;
  server { listen 127.0.0.1:$PORT; location / { proxy_pass http://127.0.0.1:$ORIGIN_PORT; proxy_cache hot; } }
}
NGINX

# CPU milliseconds of each live thread of $1 ("name ms" lines), and what ended threads used of $2 in all.
threads_cpu() {
  local hz; hz="$(getconf CLK_TCK)"
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk -v hz="$hz" -v total="$2" '{
      s = $0; sub(/^[0-9]+ \(/, "", s); name = substr(s, 1, index(s, ") ") - 1); sub(/^.*\) /, "", s); split(s, f, " ")
      ms = (f[12] + f[13]) * 1000 / hz; gsub(/ /, "_", name); by[name] += ms; sum += ms }
    END { for (n in by) printf "%s %d\n", n, by[n]; printf "(ended) %d\n", total - sum }'
}

# One trial: launch the server, poll until a proxied request answers 200, print the milliseconds, stop it.
trial() {
  local kind="$1" start pid ms
  rm -rf "$work/cache"/* "$work/varnish"
  start=$(date +%s%N)
  case "$kind" in
    popnet) "$launcher" edge --port $PORT --origin "http://127.0.0.1:$ORIGIN_PORT" >"$work/edge.log" 2>&1 & pid=$! ;;
    popnet-no-cds) POPNET_NO_CDS=1 "$launcher" edge --port $PORT --origin "http://127.0.0.1:$ORIGIN_PORT" >"$work/edge.log" 2>&1 & pid=$! ;;
    baseline) ${BASELINE_LAUNCHER:-java -jar $BASELINE_JAR} edge --port $PORT --origin "http://127.0.0.1:$ORIGIN_PORT" >"$work/edge.log" 2>&1 & pid=$! ;;
    nginx) nginx -c "$work/nginx.conf" >/dev/null 2>&1 & pid=$! ;;
    varnish) varnishd -F -j none -n "$work/varnish" -a 127.0.0.1:$PORT -b 127.0.0.1:$ORIGIN_PORT -s malloc,64m >/dev/null 2>&1 & pid=$! ;;
  esac
  local deadline=$(( start + 120000000000 ))
  until curl -s -o /dev/null -f "http://127.0.0.1:$PORT/obj/startup-$RANDOM?size=1000&ttl=60"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "$kind exited while starting" >&2; exit 1; fi
    if [ "$(date +%s%N)" -gt "$deadline" ]; then
      echo "$kind gave no answer in 120 s: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/obj/x")" >&2; kill "$pid"; exit 1
    fi
    sleep 0.002
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  # CPU the server used to get there (user + system, its own threads): steadier than wall time on a busy machine.
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  # And by thread (its name, as the kernel keeps its first 15 characters); threads that have already ended are "(ended)".
  case "$kind" in popnet*|baseline) threads_cpu "$pid" "$cpu" >>"$work/threads.$kind" ;; esac
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" || break; sleep 0.05; done
  echo "$ms/$cpu"
}

kinds=(${KINDS:-popnet popnet-no-cds nginx varnish})
declare -A times
for r in $(seq "$ROUNDS"); do
  for k in "${kinds[@]}"; do times[$k]+="$(trial "$k") "; done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
column() { tr ' ' '\n' <<<"$1" | grep . | cut -d/ -f"$2" | tr '\n' ' '; }
nginx_ms=$(median "$(column "${times[nginx]:-1/1}" 1)")
printf '%-14s %10s %9s %12s  %s\n' server median_ms vs_nginx median_cpu_ms "all (wall ms/cpu ms)"
for k in "${kinds[@]}"; do
  m=$(median "$(column "${times[$k]}" 1)")
  c=$(median "$(column "${times[$k]}" 2)")
  printf '%-14s %10s %8sx %12s  %s\n' "$k" "$m" "$(awk -v a="$m" -v b="$nginx_ms" 'BEGIN {printf "%.1f", a / (b > 0 ? b : 1)}')" "$c" "${times[$k]}"
done
# Median CPU by thread over the rounds (a thread missing from a round counts 0), for each popnet kind: where the CPU goes.
for k in "${kinds[@]}"; do
  [ -f "$work/threads.$k" ] || continue
  echo "$k: median CPU ms by thread at the first answer"
  for name in $(cut -d' ' -f1 "$work/threads.$k" | sort -u); do
    values="$(awk -v n="$name" '$1 == n {print $2}' "$work/threads.$k")"
    m=$( (echo "$values"; for _ in $(seq $(( ROUNDS - $(grep -c . <<<"$values") ))); do echo 0; done) | sort -n | awk -v r="$ROUNDS" 'NR == int((r + 1) / 2)')
    if [ "${m:-0}" -gt 0 ]; then printf '  %-16s %6d\n' "$name" "$m"; fi
  done | sort -k2 -rn
done
