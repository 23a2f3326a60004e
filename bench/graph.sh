#!/usr/bin/env bash
# A stack written as a graph (input layer, named inputs: the graph executor) against the same stack as a list.
# Usage: bench/graph.sh [repetitions=5] [batch=256]    (threads: KILN_BENCH_THREADS, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -Dkiln.bench.threads="${KILN_BENCH_THREADS:-1}" -cp "$BENCH_CP" \
  dev.kiln.djl.GraphBenchmarks "${1:-5}" "${2:-256}"
