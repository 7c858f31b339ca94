#!/usr/bin/env bash
# A small trace replayed from the command line, whole process from launch to exit: popnet through the
# distribution's launcher (`bin/popnet simulate --replay`, report files written as by default) and through
# the checkout's `./popnet`, against libCacheSim's cachesim on the same trace, policy and capacity,
# interleaved round by round (A B C A B C ...). Prints each one's median wall and CPU time (user + system)
# and its wall-time ratio to cachesim.
# Settings: TRACE (default the shared cloudPhysicsIO oracleGeneral trace), POLICY (lru), CAPACITY (0.1),
# ROUNDS (7), CACHESIM (path to libCacheSim's cachesim binary, default: cachesim on PATH), BASELINE_LAUNCHER
# (another distribution's bin/popnet, e.g. the one before a change, timed as a fourth kind).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRACE="${TRACE:-$root/../shared/traces/cloudPhysicsIO.oracleGeneral.bin}"
POLICY="${POLICY:-lru}" CAPACITY="${CAPACITY:-0.1}" ROUNDS="${ROUNDS:-7}"
CACHESIM="${CACHESIM:-$(command -v cachesim || true)}"
[ -x "$CACHESIM" ] || { echo "needs libCacheSim's cachesim (CACHESIM=path)" >&2; exit 2; }
. "$root/bench/lib/popnet.sh"
launcher="$(popnet_launcher)"
"$root/popnet" --version >/dev/null   # builds first if the checkout is newer than the distribution

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"   # both write files into the working folder (popnet out/, cachesim *.cachesim)
trial() {
  local start end
  start=$(date +%s%N)
  case "$1" in
    ./popnet) /usr/bin/time -o "$work/time" -f '%U %S' "$root/popnet" simulate --replay "$TRACE" --policy "$POLICY" --capacity "$CAPACITY" >/dev/null 2>&1 ;;
    baseline) /usr/bin/time -o "$work/time" -f '%U %S' "$BASELINE_LAUNCHER" simulate --replay "$TRACE" --policy "$POLICY" --capacity "$CAPACITY" >/dev/null 2>&1 ;;
    bin/popnet) /usr/bin/time -o "$work/time" -f '%U %S' "$launcher" simulate --replay "$TRACE" --policy "$POLICY" --capacity "$CAPACITY" >/dev/null 2>&1 ;;
    cachesim) /usr/bin/time -o "$work/time" -f '%U %S' "$CACHESIM" "$TRACE" oracleGeneral "$POLICY" "$CAPACITY" >/dev/null 2>&1 ;;
  esac
  end=$(date +%s%N)
  rm -rf "$work"/out "$work"/*.cachesim
  echo "$(( (end - start) / 1000000 ))/$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/time")"
}
kinds=(bin/popnet ./popnet ${BASELINE_LAUNCHER:+baseline} cachesim)
declare -A times
for _ in $(seq "$ROUNDS"); do
  for k in "${kinds[@]}"; do times[$k]+="$(trial "$k") "; done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
column() { tr ' ' '\n' <<<"$1" | grep . | cut -d/ -f"$2" | tr '\n' ' '; }
echo "trace $TRACE, $POLICY at $CAPACITY; load $(cut -d' ' -f1-3 /proc/loadavg)"
base=$(median "$(column "${times[cachesim]}" 1)")
printf '%-11s %10s %12s %12s  %s\n' tool median_ms median_cpu_ms vs_cachesim "all (wall ms/cpu ms)"
for k in "${kinds[@]}"; do
  m=$(median "$(column "${times[$k]}" 1)")
  printf '%-11s %10s %12s %11sx  %s\n' "$k" "$m" "$(median "$(column "${times[$k]}" 2)")" \
    "$(awk -v a="$m" -v b="$base" 'BEGIN {printf "%.2f", a / (b > 0 ? b : 1)}')" "${times[$k]}"
done
