#!/usr/bin/env bash
# Kiln's training loop vs the minimal hand-written DJL loop, same process, same data and threads.
# Usage: bench/mlp-loop.sh [repetitions=5] [batch=256]    (threads: KILN_BENCH_THREADS, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -Dkiln.bench.threads="${KILN_BENCH_THREADS:-1}" -cp "$BENCH_CP" \
  dev.kiln.djl.MlpBenchmarks loop "${1:-5}" "${2:-256}"
