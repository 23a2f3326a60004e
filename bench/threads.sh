#!/usr/bin/env bash
# One engine thread against all cores for MLPs of growing width: where ThreadPolicy's crossover lies.
# Usage: bench/threads.sh [repetitions=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.ThreadsBenchmark "${1:-3}"
