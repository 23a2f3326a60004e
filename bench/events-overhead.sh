#!/usr/bin/env bash
# What live events and Kiln's meters add to a run's wall time: two Kilns in one JVM (event log and meters on / off),
# the same 10-epoch MLP run submitted to each in turn, an SSE client following it where events are on; medians of
# alternating runs. Usage: bench/events-overhead.sh [repetitions=5] [epochs=10]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.EventsOverheadBenchmark "${1:-5}" "${2:-10}"
