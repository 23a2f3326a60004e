#!/usr/bin/env bash
# Whether the same seed trains the same losses in one process: an embedding bag (l2 on its lookups, Adam, one thread)
# trained N times alone, then N times while another training (an MLP with dropout, 2 threads) runs beside it.
# Usage: bench/determinism.sh [repetitions=5]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.DeterminismCheck "${1:-5}" false
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.DeterminismCheck "${1:-5}" true
