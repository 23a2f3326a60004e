#!/usr/bin/env bash
# Prediction latency (one row, warm cache, sequential requests over HTTP vs in-process) and the model cache's
# memory with 50 models through a cache of 10.   Usage: bench/predict.sh [requests=2000] [models=50]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.inference.PredictLatencyBenchmark "${1:-2000}" "${2:-50}"
