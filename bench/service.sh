#!/usr/bin/env bash
# What the service costs: the MLP trained over HTTP (upload → run → SUCCEEDED) on a Kiln started in this
# process, against the same engine's loop called directly on the same rows; alternating, medians.
# Usage: bench/service.sh [repetitions=5] [epochs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.ServiceBenchmark "${1:-5}" "${2:-3}"
