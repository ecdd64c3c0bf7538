#!/usr/bin/env bash
# Checks which FloatMath.Exp variant equals this machine's glibc expf (the one libxgboost4j.so calls), over all 2^32
# float inputs (BENCH_SMOKE=1: every 256th block of 2^20 inputs, a few seconds). Exits 1 when none does. Needs gcc
# (installed with apt-get when missing) and the bench module (built unless BENCH_NO_BUILD=1).
set -euo pipefail
source "$(dirname "$0")/../../lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$BENCH_ROOT"

bench_packages gcc libc6-dev
bench_build bench
work="$(mktemp -d "${TMPDIR:-/tmp}/treeline-expf-XXXXXX")"
trap 'rm -rf "$work"' EXIT
stride=1
bench_smoke && stride=256
gcc -O2 -o "$work/glibc_expf_blocks" "$here/glibc_expf_blocks.c" -lm
"$work/glibc_expf_blocks" "$stride" >"$work/glibc_expf_blocks.txt"
java -cp "bench/target/treeline-bench.jar:bench/target/lib/*" dev.treeline.bench.expf.ExpfCheck "$work/glibc_expf_blocks.txt"
