#!/usr/bin/env bash
# Runs Treeline locally without Docker: builds (tests skipped), then starts real Kafka, PostgreSQL and an
# S3-compatible server plus every service. Ctrl-C stops everything. Options: --help.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -ntp install -DskipTests
exec java -jar platform-launcher/target/treeline-local.jar "$@"
