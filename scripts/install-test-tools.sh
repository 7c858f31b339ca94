#!/usr/bin/env bash
# Installs the command-line tools the tests talk to (dig and delv, the DNSSEC validator, for the DNS tests;
# promtool for /metrics; zstd for the README's replay example). Safe to run again.
set -euo pipefail
need=()
{ command -v dig && command -v delv; } >/dev/null 2>&1 || need+=(bind9-dnsutils)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing ${need[*]}" >&2
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
