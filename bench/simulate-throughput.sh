#!/usr/bin/env bash
# The simulator's throughput as a whole process: `popnet simulate` of the quickstart scenario at REQUESTS
# simulated requests (default 10,000,000), the checkout's jar against BASELINE_JAR (another build of
# popnet, e.g. one from before a change), interleaved round by round (A B A B ...). Prints each run's CPU
# (user + system) and wall seconds, the CPU ratio of each pair and the median ratio, and the load average.
# Settings: BASELINE_JAR (required), REQUESTS, ROUNDS (3), POPNET_JAR (default: the checkout's, built first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -n "${BASELINE_JAR:-}" ] || { echo "BASELINE_JAR=path/to/popnet.jar (the build to compare with)" >&2; exit 2; }
REQUESTS="${REQUESTS:-10000000}" ROUNDS="${ROUNDS:-3}"
. "$root/bench/lib/popnet.sh"
jar="$(popnet_jar)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -E "s/^requests: *[0-9]+/requests: $REQUESTS/" "$root/configs/scenarios/quickstart.yaml" > "$work/quickstart.yaml"
grep -q "^requests: $REQUESTS" "$work/quickstart.yaml" || { echo "could not set requests in the quickstart scenario" >&2; exit 1; }
run() { # prints "cpu wall" in seconds
  local start end
  start=$(date +%s%N)
  /usr/bin/time -o "$work/time" -f '%U %S' java -jar "$1" simulate "$work/quickstart.yaml" --no-files --quiet >/dev/null 2>&1
  end=$(date +%s%N)
  awk -v wall="$(( (end - start) / 1000000 ))" '{printf "%.2f %.2f\n", $1 + $2, wall / 1000}' "$work/time"
}
echo "quickstart at $REQUESTS requests, $ROUNDS rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
ratios=()
for i in $(seq "$ROUNDS"); do
  read -r a_cpu a_wall < <(run "$jar")
  read -r b_cpu b_wall < <(run "$BASELINE_JAR")
  ratio=$(awk -v a="$a_cpu" -v b="$b_cpu" 'BEGIN {printf "%.3f", a / b}')
  ratios+=("$ratio")
  echo "round $i: checkout cpu ${a_cpu}s wall ${a_wall}s   baseline cpu ${b_cpu}s wall ${b_wall}s   cpu ratio $ratio   load $(cut -d' ' -f1 /proc/loadavg)"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{r[NR] = $1} END {print "cpu ratio checkout/baseline: median " r[int((NR + 1) / 2)] ", min " r[1] ", max " r[NR]}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
