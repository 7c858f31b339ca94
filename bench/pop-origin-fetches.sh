#!/usr/bin/env bash
# Origin fetches for one workload with and without PoP clustering, measured on loopback: a real origin,
# a 3-edge Hazelcast PoP and 3 unclustered edges, every key requested at every edge (PopIntegrationTest).
# Also prints the member loss/rejoin and parent-PoP fill figures from the same class.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl edge -am verify -Dtest=PopIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E '^(origin fetches|member loss|parent PoP)'
