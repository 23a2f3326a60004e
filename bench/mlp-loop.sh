#!/usr/bin/env bash
# Kiln's training loop vs the minimal hand-written DJL loop, same process, same data (issue: foundation).
# Usage: bench/mlp-loop.sh [repetitions=5] [batchSize=256]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.MlpLoopBenchmark "$@"
