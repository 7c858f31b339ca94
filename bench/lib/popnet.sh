# Sourced by the bench scripts: where the popnet under test comes from. Needs $root (the checkout).

# The jar to run: POPNET_JAR, else the checkout's, built first if the checkout is newer.
popnet_jar() {
  if [ -n "${POPNET_JAR:-}" ]; then
    printf '%s\n' "$POPNET_JAR"
  else
    "$root/popnet" --version >/dev/null
    printf '%s\n' "$root/cli/target/popnet.jar"
  fi
}

# The launcher of the distribution folder `mvn -B package` makes (packaged first if missing), with its
# class-data-sharing archive made.
popnet_launcher() {
  local dist
  dist="$(ls -d "$root"/cli/target/popnet-*/ 2>/dev/null | head -n 1)"
  if [ -z "$dist" ]; then
    (cd "$root" && mvn -B -q -DskipTests -pl cli -am package) >&2
    dist="$(ls -d "$root"/cli/target/popnet-*/ | head -n 1)"
  fi
  "${dist%/}/bin/popnet" --version >/dev/null
  printf '%s\n' "${dist%/}/bin/popnet"
}
