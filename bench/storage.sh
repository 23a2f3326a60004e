#!/usr/bin/env bash
# What the S3 store costs against local files: two Kilns in one JVM (local files / an S3 bucket served by S3Proxy
# from a directory), the same CSV uploaded and the same 10-epoch run trained on each in turn; medians of alternating
# runs. Usage: bench/storage.sh [repetitions=5] [epochs=10] [rows=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.StorageBenchmark "${1:-5}" "${2:-10}" "${3:-100000}"
