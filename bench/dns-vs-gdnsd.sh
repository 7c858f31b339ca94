#!/usr/bin/env bash
# `popnet dns` against gdnsd (geoip plugin, the same subnet -> PoP map) and Knot DNS (a static zone, no
# geo logic: the ceiling of a plain authoritative server) with dnsperf, for A queries of www.cdn.example.
# with and without EDNS Client Subnet. The servers run side by side; every round runs each (mode, server)
# pair once, in turn, so machine noise falls on all of them alike. Prints the median QPS, dnsperf's average
# latency and the server's CPU per query at full load per server and mode with the ratios, then latency at
# a fixed rate (RATE queries per second; average, p50 and p99 from dnsperf's per-query times), measured the
# same way: every round runs each (mode, server) pair in turn, and the medians over the rounds are printed.
# popnet runs through the distribution's launcher (bin/popnet, with the JVM flags it gives `popnet dns`).
# Settings: DURATION seconds per run (default 5), ROUNDS (default 3), CLIENTS (default 8), RATE (default
# 20000), PIN=1 to pin the servers to CPU 0 and dnsperf to CPU 1 (default: not pinned, all share both cores),
# BASELINE=path/to/popnet.jar or path/to/popnet-VERSION/bin/popnet (another distribution's launcher) to run
# an older build beside this one as "base" (before/after in one run; a jar runs with `java -jar` and the
# foreign-function flags only),
# BASE_ARGS for the base server's command line (BASELINE=cli/target/popnet.jar BASE_ARGS='--set udp-threads=1'
# compares settings of one build), JAVA_OPTS for the popnet JVMs (the launcher passes them on).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-5}"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-8}"
RATE="${RATE:-20000}"
POPNET_PORT=15353 POPNET_STATS=18053 GDNSD_PORT=15354 KNOT_PORT=15355 BASE_PORT=15356 BASE_STATS=18056
servers=(popnet gdnsd knot)
[ -n "${BASELINE:-}" ] && servers=(popnet base gdnsd knot)

need=()
command -v dnsperf >/dev/null 2>&1 || need+=(dnsperf)
command -v gdnsd >/dev/null 2>&1 || [ -x /usr/sbin/gdnsd ] || need+=(gdnsd)
command -v knotd >/dev/null 2>&1 || [ -x /usr/sbin/knotd ] || need+=(knot)
command -v dig >/dev/null 2>&1 || need+=(bind9-dnsutils)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing ${need[*]}" >&2
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
gdnsd_bin="$(command -v gdnsd || echo /usr/sbin/gdnsd)"
knotd_bin="$(command -v knotd || echo /usr/sbin/knotd)"
. "$root/bench/lib/popnet.sh"
launcher="$(popnet_launcher)"
# A baseline jar gets the foreign-function module its batching UDP sockets use; a launcher gives its own flags.
base_cmd=(java --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED ${JAVA_OPTS:-} -jar "${BASELINE:-}")
[[ "${BASELINE:-}" == *.jar ]] || base_cmd=("${BASELINE:-}")
server_cpu=() client_cpu=()
if [ "${PIN:-0}" = 1 ]; then server_cpu=(taskset -c 0); client_cpu=(taskset -c 1); fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true  # until they are gone: knot writes into its folder while it stops
  rm -rf "$work"
}
trap cleanup EXIT

# The same map for popnet and gdnsd: 10.1/16 -> lon, 10.2/16 -> nyc, 10.3/16 -> sin, 127/8 -> nyc.
cat >"$work/popnet-dns.yaml" <<YAML
host: 127.0.0.1
port: $POPNET_PORT
stats-port: $POPNET_STATS
zone: cdn.example.
hostnames: [www.cdn.example.]
health: {interval: 1h}
pops:
  - {name: lon, location: {lat: 51.51, lon: -0.13}, addresses: [192.0.2.1]}
  - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [192.0.2.2]}
  - {name: sin, location: {lat: 1.35, lon: 103.82}, addresses: [192.0.2.3]}
regions:
  - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16]}
  - {name: us, location: {lat: 42.36, lon: -71.06}, networks: [10.2.0.0/16, 127.0.0.0/8]}
  - {name: asia, location: {lat: -6.2, lon: 106.8}, networks: [10.3.0.0/16]}
default-region: us
YAML
sed -e "s/^port: .*/port: $BASE_PORT/" -e "s/^stats-port: .*/stats-port: $BASE_STATS/" "$work/popnet-dns.yaml" >"$work/base-dns.yaml"
mkdir -p "$work/gdnsd/zones" "$work/knot"
cat >"$work/gdnsd/config" <<CONF
options => { listen => [ 127.0.0.1:$GDNSD_PORT ], edns_client_subnet => true }
plugins => {
  geoip => {
    maps => {
      cdnmap => {
        datacenters => [ lon, nyc, sin ]
        nets => { 10.1.0.0/16 => [ lon ], 10.2.0.0/16 => [ nyc ], 10.3.0.0/16 => [ sin ], 127.0.0.0/8 => [ nyc ] }
      }
    }
    resources => {
      www => { map => cdnmap, dcmap => { lon => 192.0.2.1, nyc => 192.0.2.2, sin => 192.0.2.3 } }
    }
  }
}
CONF
cat >"$work/gdnsd/zones/cdn.example" <<ZONE
\$TTL 30
@    SOA ns1 hostmaster 1 3600 600 604800 60
@    NS  ns1
ns1  A   127.0.0.1
www  30/30 DYNA geoip!www
ZONE
cat >"$work/knot/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$KNOT_PORT
    rundir: "$work/knot"
database:
    storage: "$work/knot"
zone:
  - domain: cdn.example.
    file: "$work/knot/cdn.example.zone"
CONF
cat >"$work/knot/cdn.example.zone" <<ZONE
\$TTL 30
@    SOA ns1 hostmaster 1 3600 600 604800 60
@    NS  ns1
ns1  A   127.0.0.1
www  A   192.0.2.2
ZONE
printf 'www.cdn.example A\n' >"$work/queries.txt"

"${server_cpu[@]}" "$launcher" dns -c "$work/popnet-dns.yaml" >"$work/popnet.log" 2>&1 & pids+=($!)
"${server_cpu[@]}" "$gdnsd_bin" -c "$work/gdnsd" -D -R start >"$work/gdnsd.log" 2>&1 & pids+=($!)
"${server_cpu[@]}" "$knotd_bin" -c "$work/knot/knot.conf" >"$work/knot.log" 2>&1 & pids+=($!)
declare -A port=([popnet]=$POPNET_PORT [gdnsd]=$GDNSD_PORT [knot]=$KNOT_PORT [base]=$BASE_PORT)
declare -A pid=([popnet]=${pids[0]} [gdnsd]=${pids[1]} [knot]=${pids[2]})
if [ -n "${BASELINE:-}" ]; then
  # shellcheck disable=SC2086 # BASE_ARGS holds several words
  "${server_cpu[@]}" "${base_cmd[@]}" dns -c "$work/base-dns.yaml" ${BASE_ARGS:-} >"$work/base.log" 2>&1 & pids+=($!)
  pid[base]=$!
fi
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system time of the whole process, in clock ticks
for s in "${servers[@]}"; do  # wait up to 30 s for each (a JVM on a busy machine starts slowly)
  for try in $(seq 30); do
    dig @127.0.0.1 -p "${port[$s]}" www.cdn.example A +short +time=1 +tries=1 2>/dev/null | grep -q "^192.0.2" && break
    [ "$try" = 30 ] && { echo "$s on ${port[$s]} not answering"; tail -n 20 "$work"/*.log "$work"/knot/*.log 2>/dev/null; exit 1; }
    sleep 1
  done
done
for s in "${servers[@]}"; do
  [ "$s" = knot ] && continue
  got="$(dig @127.0.0.1 -p "${port[$s]}" www.cdn.example A +subnet=10.3.0.0/24 +short)"
  [ "$got" = 192.0.2.3 ] || { echo "$s answers '$got' for 10.3.0.0/24, not the Singapore PoP"; exit 1; }
done
echo "check: popnet${BASELINE:+, base} and gdnsd answer 192.0.2.3 (sin) for ECS 10.3.0.0/24; knot answers its static 192.0.2.2"
echo "setup: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $( [ "${PIN:-0}" = 1 ] && echo 'servers pinned to CPU 0, dnsperf to CPU 1' || echo 'not pinned: servers and dnsperf share every core'), $CLIENTS dnsperf clients, ${DURATION}s per run, $ROUNDS interleaved rounds"

ecs_option=(-E "8:000118000a0300")  # ECS option: family 1, source /24, scope 0, 10.3.0
opts() { [ "$1" = ecs ] && printf '%s\n' "${ecs_option[@]}"; return 0; }
run() { # server mode seconds [extra dnsperf flags...] -> dnsperf output
  local s="$1" mode="$2" secs="$3"; shift 3
  mapfile -t extra < <(opts "$mode")
  "${client_cpu[@]}" dnsperf -s 127.0.0.1 -p "${port[$s]}" -d "$work/queries.txt" -l "$secs" -c "$CLIENTS" "${extra[@]}" "$@" 2>&1
}
for mode in ecs plain; do  # JIT warm-up
  run popnet "$mode" 3 >/dev/null
  if [ -n "${BASELINE:-}" ]; then run base "$mode" 3 >/dev/null; fi
done

declare -A qps lat cpu
hz="$(getconf CLK_TCK)"
for round in $(seq "$ROUNDS"); do
  for mode in ecs plain; do
    for s in "${servers[@]}"; do
      before="$(cpu_ticks "${pid[$s]}")"
      out="$(run "$s" "$mode" "$DURATION")"
      after="$(cpu_ticks "${pid[$s]}")"
      lost="$(awk '/Queries lost/ {print $3}' <<<"$out")"
      q="$(awk '/Queries per second/ {printf "%.0f", $4}' <<<"$out")"
      l="$(awk '/Average Latency/ {printf "%.0f", $4 * 1e6}' <<<"$out")"
      # CPU per answer at full load: the server's own work, less swayed by a busy machine than its QPS
      c="$(awk -v t="$((after - before))" -v hz="$hz" '/Queries completed/ {if ($3 > 0) printf "%.2f", t / hz * 1e6 / $3}' <<<"$out")"
      printf 'round %d %-5s %-6s %8s QPS  avg %5s us  cpu %5s us/query  lost %s\n' "$round" "$mode" "$s" "$q" "$l" "$c" "$lost"
      qps[$s,$mode]+="$q "; lat[$s,$mode]+="$l "; cpu[$s,$mode]+="$c "
    done
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
printf '%-6s %-5s %10s %12s %16s\n' server mode "QPS(med)" "avg_us(med)" "cpu_us/q(med)"
declare -A med
for mode in ecs plain; do
  for s in "${servers[@]}"; do
    med[$s,$mode]="$(median <<<"${qps[$s,$mode]}")"
    printf '%-6s %-5s %10s %12s %16s\n' "$s" "$mode" "${med[$s,$mode]}" "$(median <<<"${lat[$s,$mode]}")" "$(median <<<"${cpu[$s,$mode]}")"
  done
done
for mode in ecs plain; do
  awk -v m="$mode" -v p="${med[popnet,$mode]}" -v g="${med[gdnsd,$mode]}" -v k="${med[knot,$mode]}" \
    'BEGIN {printf "ratio %-5s popnet/gdnsd %.2f  popnet/knot %.2f  gdnsd/knot %.2f\n", m, p / g, p / k, g / k}'
  if [ -n "${BASELINE:-}" ]; then
    awk -v m="$mode" -v p="${med[popnet,$mode]}" -v b="${med[base,$mode]}" -v g="${med[gdnsd,$mode]}" \
      'BEGIN {printf "ratio %-5s popnet/base %.2f  base/gdnsd %.2f\n", m, p / b, b / g}'
  fi
done

echo
echo "latency and server CPU per query at a fixed $RATE queries/s (${DURATION}s each, $ROUNDS interleaved rounds):"
declare -A avg p50 p99 fcpu
for round in $(seq "$ROUNDS"); do
  for mode in ecs plain; do
    for s in "${servers[@]}"; do
      before="$(cpu_ticks "${pid[$s]}")"
      # dnsperf's per-query lines go to a file and are read after the run: a filter reading them live would
      # take CPU time from the servers' core while they are measured
      run "$s" "$mode" "$DURATION" -Q "$RATE" -v >"$work/raw"
      awk '/^> / {print $NF * 1e6}' "$work/raw" | sort -n >"$work/times"
      after="$(cpu_ticks "${pid[$s]}")"
      read -r n a m p c < <(awk -v ticks="$((after - before))" -v hz="$hz" '{x[NR]=$1; sum+=$1}
          END {if (NR == 0) print 0, 0, 0, 0, 0; else printf "%d %.1f %.1f %.1f %.2f\n", NR, sum / NR, x[int(NR * 0.5)], x[int(NR * 0.99)], ticks / hz * 1e6 / NR}' "$work/times")
      printf 'round %d %-5s %-6s answered %7d  avg %6.1f us  p50 %6.1f us  p99 %7.1f us  cpu %5.2f us/query\n' "$round" "$mode" "$s" "$n" "$a" "$m" "$p" "$c"
      avg[$s,$mode]+="$a "; p50[$s,$mode]+="$m "; p99[$s,$mode]+="$p "; fcpu[$s,$mode]+="$c "
    done
  done
done
echo
printf '%-6s %-5s %12s %12s %12s %16s\n' server mode "avg_us(med)" "p50_us(med)" "p99_us(med)" "cpu_us/q(med)"
for mode in ecs plain; do
  for s in "${servers[@]}"; do
    printf '%-6s %-5s %12s %12s %12s %16s\n' "$s" "$mode" "$(median <<<"${avg[$s,$mode]}")" "$(median <<<"${p50[$s,$mode]}")" \
      "$(median <<<"${p99[$s,$mode]}")" "$(median <<<"${fcpu[$s,$mode]}")"
  done
done
for mode in ecs plain; do
  awk -v m="$mode" -v pa="$(median <<<"${avg[popnet,$mode]}")" -v ga="$(median <<<"${avg[gdnsd,$mode]}")" \
      -v pp="$(median <<<"${p99[popnet,$mode]}")" -v gp="$(median <<<"${p99[gdnsd,$mode]}")" \
    'BEGIN {printf "ratio %-5s at %s q/s popnet/gdnsd avg %.2f  p99 %.2f\n", m, '"$RATE"', pa / ga, pp / gp}'
done
curl -s "http://127.0.0.1:$POPNET_STATS/stats" | grep -E '"(precomputed_answers|udp_sockets|udp_io|dropped)"' | tr -d ' ,' | paste -sd' ' | sed 's/^/popnet: /'
