#!/usr/bin/env bash
# Checks which FloatMath.Exp variant equals this machine's glibc expf (the one libxgboost4j.so calls), over
# all 2^32 float inputs. Needs gcc and a built deployer-service (target/classes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classes="$here/../../../deployer-service/target/classes"
gcc -O2 -o /tmp/glibc_expf_blocks "$here/glibc_expf_blocks.c" -lm
/tmp/glibc_expf_blocks > /tmp/glibc_expf_blocks.txt
java -cp "$classes" "$here/ExpfCheck.java" /tmp/glibc_expf_blocks.txt
