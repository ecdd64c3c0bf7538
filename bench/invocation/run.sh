#!/usr/bin/env bash
# Invocation benchmark of deployer-service (one command; not a test). Needs wrk, and for the reference
# server Debian's python3-xgboost, python3-flask and gunicorn (installed with apt-get when missing and
# running as root). Results: stdout and bench/invocation/out/results.md.
# Env: BENCH_SECONDS (default 15) and BENCH_CONNECTIONS (default 32) per wrk run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

need=()
command -v wrk >/dev/null || need+=(wrk)
[ -d /usr/lib/python3/dist-packages/xgboost ] || need+=(python3-xgboost)
[ -d /usr/lib/python3/dist-packages/flask ] || need+=(python3-flask)
[ -x /usr/bin/gunicorn ] || need+=(gunicorn)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian packages)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends "${need[@]}"; else sudo apt-get install -y --no-install-recommends "${need[@]}"; fi
fi

offline="${BENCH_MAVEN_OFFLINE:--o}"
./mvnw -B -ntp -q $offline -pl deployer-service package -DskipTests
cp_file="$here/out/classpath.txt"
mkdir -p "$here/out"
./mvnw -B -ntp -q $offline -pl deployer-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$(cat "$cp_file"):$root/deployer-service/target/classes"
exec java -Xmx1g -cp "$classpath" "$here/InvocationBench.java" "$root" "$here/out"
