#!/usr/bin/env bash
# Invocation benchmark of deployer-service (one command; not a test): the packaged deployer on real Kafka, PostgreSQL
# and S3 against the reference server (Debian's python3-xgboost + gunicorn, as the SageMaker XGBoost container
# serves), both loaded by wrk; every figure is the median of interleaved repetitions with its min-max
# (dev.treeline.bench.invocation.InvocationBench, compiled by the normal build in the bench module).
# Results: stdout and bench/invocation/out/results.md (a smoke run writes to a temporary folder instead).
# Env: BENCH_SECONDS (15) and BENCH_CONNECTIONS (32) per wrk run, BENCH_REPETITIONS (3, at least 3),
# BENCH_SMOKE=1 (1 s runs, smaller models: checks that the benchmark produces its figures), BENCH_NO_BUILD=1.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$BENCH_ROOT"

bench_packages wrk python3-xgboost python3-flask gunicorn
bench_build deployer-service,bench
if bench_smoke; then
  out="$(mktemp -d "${TMPDIR:-/tmp}/treeline-bench-invocation-XXXXXX")"
else
  out="$BENCH_ROOT/bench/invocation/out"
fi
exec java -Xmx1g -cp "bench/target/treeline-bench.jar:bench/target/lib/*" dev.treeline.bench.invocation.InvocationBench \
  "$BENCH_ROOT" "$out"
