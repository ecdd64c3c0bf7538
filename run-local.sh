#!/usr/bin/env bash
# Runs Treeline locally without Docker: builds (tests skipped), then starts real Kafka, PostgreSQL and an
# S3-compatible server plus every service. Ctrl-C stops everything. Options: --help.
set -euo pipefail
cd "$(dirname "$0")"
launcher=platform-launcher/target/treeline-local.jar
for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" || "$arg" == "-V" || "$arg" == "--version" ]]; then
    # Help needs no build when the launcher exists.
    [[ -f "$launcher" ]] && exec java -jar "$launcher" "$@"
  fi
done
./mvnw -B -q -ntp install -DskipTests
exec java -jar "$launcher" "$@"
