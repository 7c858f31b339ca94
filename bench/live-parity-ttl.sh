#!/usr/bin/env bash
# `popnet live` against `popnet simulate` on configs/scenarios/parity-ttl.yaml (TTLs that expire during
# the run, objects that change, a no-store class) at several request rates: one well below what the
# live network on this machine sustains and one near it, where queueing shows in both. For each rate it
# prints origin requests (the origin's own count of the scenario's object requests live; 304s included and shown alone),
# hit ratio and p50/p99 latency, live and simulated side by side with the differences the parity test
# allows (3%, 1 point, 15%).
# The scenario's origin (four requests at once, 40 ms each, live and simulated) saturates near 150
# requests/s: the default rates are one well below that and one near it.
# Settings: RATES (default "50 120"), REQUESTS per run (default 20000), MAX_IN_FLIGHT (default 512),
# OUT (a folder to keep every run's reports and server logs in; default a temporary one).
# The near-saturation figures depend on what else the machine runs: quote them with the load average.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RATES="${RATES:-50 120}"
REQUESTS="${REQUESTS:-20000}"
MAX_IN_FLIGHT="${MAX_IN_FLIGHT:-512}"
"$root/popnet" --version >/dev/null
if [ -n "${OUT:-}" ]; then
  work="$OUT" && mkdir -p "$work"
else
  work="$(mktemp -d)" && trap 'rm -rf "$work"' EXIT
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in $RATES; do
  scenario="$work/parity-ttl-$rate.yaml"
  # No warm-up: the origin's own count covers the whole run, so the simulated one must too.
  sed -e "s/^  rate: .*/  rate: $rate/" -e "s/^warmup-fraction: .*/warmup-fraction: 0/" "$root/configs/scenarios/parity-ttl.yaml" >"$scenario"
  "$root/popnet" simulate "$scenario" --requests "$REQUESTS" --out "$work/sim-$rate" --format json --quiet >/dev/null
  "$root/popnet" live "$scenario" --requests "$REQUESTS" --out "$work/live-$rate" --max-in-flight "$MAX_IN_FLIGHT" >/dev/null 2>"$work/live-$rate.err" || {
    echo "rate $rate: live run failed:" >&2; tail -20 "$work/live-$rate.err" >&2; exit 1; }
  python3 - "$rate" "$work/sim-$rate/result.json" "$work/live-$rate/result.json" <<'EOF'
import json, sys
rate, sim, live = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
s, l = sim["total"], live["total"]
origin = next(c for c in live["components"] if c["kind"] == "origin")["stats"]
def since_scenario(group, key):  # the servers' warm-up before the scenario is not counted
    return origin[group].get(key, 0) - origin["before_scenario"][group].get(key, 0)
rows = [
    ("origin requests", s["origin_fetches"], since_scenario("kind", "obj"), "3%"),
    ("origin 304s", s["revalidations_unchanged"], since_scenario("status", "304"), "in the row above"),
    ("hit ratio", s["hit_ratio"], l["hit_ratio"], "1 point"),
    ("p50 ms", s["p50_ms"], l["p50_ms"], "15%"),
    ("p99 ms", s["p99_ms"], l["p99_ms"], "15%"),
    ("errors", s["errors"], l["errors"], "0"),
]
print(f"rate {rate}/s, {s['requests']} requests, simulated utilisation: edges {s.get('utilisation', 0):.2f}, origin {sim['origin_utilisation']:.2f}")
print(f"  {'':16} {'simulated':>12} {'live':>12} {'live/sim':>9}  allowed")
for name, a, b, allowed in rows:
    ratio = (b / a) if a else float("nan")
    print(f"  {name:16} {a:12.4f} {b:12.4f} {ratio:9.3f}  {allowed}")
EOF
done
