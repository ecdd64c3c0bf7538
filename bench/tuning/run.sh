#!/usr/bin/env bash
# Tuning benchmark, one command: (a) orchestration overhead of the service's tuning path vs a plain XGBoost4J loop
# (median (min-max) of 5 alternating repeats, XGBoost on 1 thread: --overhead-threads), (b) warm (transfer learning) vs cold trials to within 1% under
# covariate shift (seeded and deterministic). The generated report goes to bench/tuning/latest-run.md;
# bench/tuning/results.md is the hand-written analysis and is never written by this script.
# Options are passed through, e.g.: bench/tuning/run.sh --seeds=5 --budget=30 --overhead-trials=20 --threads=2
# BENCH_SMOKE=1: tiny sizes (a few seconds; the report goes to a temporary file). BENCH_NO_BUILD=1: use what is built.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$BENCH_ROOT"

# TuningBenchmark is in tuning-service's test sources (compiled by the normal build); the bench module's target/lib
# holds tuning-service and its runtime dependencies.
bench_build tuning-service,bench
# OpenMP threads sleep instead of spinning at barriers: on a machine shared with other builds a spinning thread
# waits for a descheduled one (minutes instead of seconds); results do not change.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
args=(--out=bench/tuning/latest-run.md)
if bench_smoke; then
  args=(--out="$(mktemp "${TMPDIR:-/tmp}/treeline-bench-tuning-XXXXXX.md")" --overhead-trials=3 --overhead-rows=2000
        --repeats=3 --seeds=1 --first-seeds=1000 --budget=4 --warm-rows=400 --threads=1)
fi
exec java -Xmx2g -Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.NoOpLog \
  -cp "tuning-service/target/test-classes:tuning-service/target/classes:bench/target/lib/*" \
  dev.treeline.tuning.bench.TuningBenchmark "${args[@]}" "$@"
