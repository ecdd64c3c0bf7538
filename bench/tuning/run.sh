#!/usr/bin/env bash
# Tuning benchmark, one command: (a) orchestration overhead of the service's tuning path vs a plain XGBoost4J loop,
# (b) warm (transfer learning) vs cold trials to within 1% under covariate shift. Writes bench/tuning/results.md.
# Options are passed through, e.g.: bench/tuning/run.sh --seeds=5 --budget=30 --overhead-trials=20 --threads=2
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -ntp -o -q -pl tuning-service test-compile
CP_FILE="$PWD/tuning-service/target/bench-classpath.txt"
./mvnw -B -ntp -o -q -pl tuning-service dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
CP="tuning-service/target/test-classes:tuning-service/target/classes:$(cat "$CP_FILE")"
exec java -Xmx2g -Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.NoOpLog -cp "$CP" dev.treeline.tuning.bench.TuningBenchmark --out=bench/tuning/results.md "$@"
