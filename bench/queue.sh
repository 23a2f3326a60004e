#!/usr/bin/env bash
# Queue throughput on PostgreSQL: runs of one tiny epoch per minute with one and with two worker processes.
# Usage: bench/queue.sh [runs per round=24] [rounds=3]     (PostgreSQL: KILN_TEST_POSTGRES_URL, default local)
set -euo pipefail
cd "$(dirname "$0")/.."
export KILN_TEST_POSTGRES_URL="${KILN_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
export KILN_TEST_POSTGRES_USER="${KILN_TEST_POSTGRES_USER:-postgres}"
source bench/classpath.sh
# the worker processes take the same classpath
java $BENCH_JVM_OPTS -Dsurefire.test.class.path="$BENCH_CP" -cp "$BENCH_CP" \
  dev.kiln.scale.QueueThroughputBenchmark "${1:-24}" "${2:-3}"
