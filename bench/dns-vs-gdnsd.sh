#!/usr/bin/env bash
# Queries per second of `popnet dns` against gdnsd with an equivalent subnet -> PoP map, run one after
# the other with dnsperf and the same query file (A queries for www.cdn.example. carrying EDNS Client
# Subnet for three regions). Prints QPS and the ratio popnet/gdnsd. Settings: DURATION in seconds (default 10),
# CLIENTS (default 8).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_RUN="${DURATION:-10}"
CLIENTS="${CLIENTS:-8}"
POPNET_PORT=15353 POPNET_STATS=18053 GDNSD_PORT=15354

need=()
command -v dnsperf >/dev/null 2>&1 || need+=(dnsperf)
command -v gdnsd >/dev/null 2>&1 || [ -x /usr/sbin/gdnsd ] || need+=(gdnsd)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing ${need[*]}" >&2
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
gdnsd_bin="$(command -v gdnsd || echo /usr/sbin/gdnsd)"
"$root/popnet" --version >/dev/null
jar="$root/cli/target/popnet.jar"

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The same map for both: 10.1/16 -> lon, 10.2/16 -> nyc, 10.3/16 -> sin.
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
mkdir -p "$work/gdnsd/zones" "$work/gdnsd-run" "$work/gdnsd-state"
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

# Queries: A for the CDN name with ECS for each region (option 8: family 1, source /24, scope 0, address).
printf 'www.cdn.example A\n' >"$work/queries.txt"

java -jar "$jar" dns -c "$work/popnet-dns.yaml" >"$work/popnet.log" 2>&1 & pids+=($!)
"$gdnsd_bin" -c "$work/gdnsd" -R start >"$work/gdnsd.log" 2>&1 & pids+=($!)
sleep 3
for port in $POPNET_PORT $GDNSD_PORT; do
  dig @127.0.0.1 -p $port www.cdn.example A +subnet=10.1.0.0/24 +short +time=2 >/dev/null || { echo "server on $port not answering"; cat "$work"/*.log; exit 1; }
done
echo "check: popnet answers $(dig @127.0.0.1 -p $POPNET_PORT www.cdn.example A +subnet=10.3.0.0/24 +short), gdnsd answers $(dig @127.0.0.1 -p $GDNSD_PORT www.cdn.example A +subnet=10.3.0.0/24 +short) for 10.3.0.0/24"

qps() { # port -> queries per second
  dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries.txt" -l "$SECONDS_RUN" -c "$CLIENTS" -E "8:000118000a0300" 2>&1 | tee -a "$work/dnsperf.log" \
    | awk '/Queries per second/ {print $4}'
}
dnsperf -s 127.0.0.1 -p $POPNET_PORT -d "$work/queries.txt" -l 3 -c "$CLIENTS" -E "8:000118000a0300" >/dev/null 2>&1 || true  # JIT warm-up
popnet_qps="$(qps $POPNET_PORT)"
gdnsd_qps="$(qps $GDNSD_PORT)"
grep -E "Queries (sent|lost)|per second" "$work/dnsperf.log"
printf '%-8s %12s\n' server QPS popnet "$popnet_qps" gdnsd "$gdnsd_qps"
awk -v a="$popnet_qps" -v b="$gdnsd_qps" 'BEGIN {printf "ratio popnet/gdnsd: %.2f\n", a / b}'
