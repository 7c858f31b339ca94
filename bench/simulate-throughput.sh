#!/usr/bin/env bash
# The simulator's throughput as a whole process: `popnet simulate` of the quickstart scenario at REQUESTS
# simulated requests (default 10,000,000), the checkout as users run it (the distribution's launcher, with the
# JVM flags it gives a scenario) against BASELINE_JAR (another build of popnet, e.g. one from before a change,
# run with `java -jar` as its `./popnet` ran it, plus BASELINE_JAVA_OPTS), interleaved round by round (A B A B
# ...). Prints each run's CPU (user + system) and wall seconds and the simulated requests per second it
# reported, each pair's CPU and requests/s ratios with their medians, and the load average.
# Settings: BASELINE_JAR (required), BASELINE_JAVA_OPTS, REQUESTS, ROUNDS (3), JAVA_OPTS for the checkout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -n "${BASELINE_JAR:-}" ] || { echo "BASELINE_JAR=path/to/popnet.jar (the build to compare with)" >&2; exit 2; }
REQUESTS="${REQUESTS:-10000000}" ROUNDS="${ROUNDS:-3}"
. "$root/bench/lib/popnet.sh"
launcher="$(popnet_launcher)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -E "s/^requests: *[0-9]+/requests: $REQUESTS/" "$root/configs/scenarios/quickstart.yaml" > "$work/quickstart.yaml"
grep -q "^requests: $REQUESTS" "$work/quickstart.yaml" || { echo "could not set requests in the quickstart scenario" >&2; exit 1; }
run() { # prints "cpu wall requests/s": seconds, and the rate the run reported
  local start end
  start=$(date +%s%N)
  /usr/bin/time -o "$work/time" -f '%U %S' "$@" simulate "$work/quickstart.yaml" --no-files --quiet >"$work/out" 2>/dev/null
  end=$(date +%s%N)
  rate=$(grep -o '[0-9,]* requests/s' "$work/out" | tr -d ,)
  awk -v wall="$(( (end - start) / 1000000 ))" -v rate="${rate%% *}" '{printf "%.2f %.2f %s\n", $1 + $2, wall / 1000, rate}' "$work/time"
}
echo "quickstart at $REQUESTS requests, $ROUNDS rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
ratios=() rates=()
for i in $(seq "$ROUNDS"); do
  read -r a_cpu a_wall a_rate < <(run "$launcher")
  # shellcheck disable=SC2086 # BASELINE_JAVA_OPTS is a list of flags
  read -r b_cpu b_wall b_rate < <(run java ${BASELINE_JAVA_OPTS:-} -jar "$BASELINE_JAR")
  ratio=$(awk -v a="$a_cpu" -v b="$b_cpu" 'BEGIN {printf "%.3f", a / b}')
  rate=$(awk -v a="$a_rate" -v b="$b_rate" 'BEGIN {printf "%.3f", a / b}')
  ratios+=("$ratio") rates+=("$rate")
  echo "round $i: checkout cpu ${a_cpu}s wall ${a_wall}s ${a_rate}/s   baseline cpu ${b_cpu}s wall ${b_wall}s ${b_rate}/s   cpu ratio $ratio   requests/s ratio $rate   load $(cut -d' ' -f1 /proc/loadavg)"
done
median() { sort -n | awk -v what="$1" '{r[NR] = $1} END {print what " checkout/baseline: median " r[int((NR + 1) / 2)] ", min " r[1] ", max " r[NR]}'; }
printf '%s\n' "${ratios[@]}" | median "cpu ratio"
printf '%s\n' "${rates[@]}" | median "requests/s ratio"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
