#!/usr/bin/env bash
# Runs Treeline locally without Docker: builds (tests skipped), then starts real Kafka, PostgreSQL and an
# S3-compatible server plus every service. Ctrl-C stops everything. Options: --help.
# Models: data-prep reads the definition files of examples/models (the demo's); `./run-local.sh --models DIR` gives it
# a folder of your own instead (one <model>.yaml each; edit a file and the model changes, no restart).
# First start: makes the JWT key pair and the access-key encryption key in .treeline-data/secrets (owner-only files),
# then the demo users and the demo invoker's access key (printed as `export AWS_ACCESS_KEY_ID=...`, saved in
# .treeline-data/demo-invoker.credentials). TREELINE_ADMIN_PASSWORD sets the first admin's password (default admin).
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
