#!/usr/bin/env bash
# Kiln's loop vs a plain PyTorch loop (bench/python/torch_mf.py on Debian's python3-torch) on matrix factorization
# with biases, 32 factors, batch 256, over MovieLens ml-latest-small (bench/data), alternating, same ids, same
# intra-op threads; then recommend latency over HTTP (dev.kiln.recommend.RecommendLatency).
# Usage: bench/recommend-vs-pytorch.sh [repetitions=5] [factors=32]   (threads: KILN_BENCH_THREADS, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "needs python3-torch: apt-get install python3-torch"; exit 1; }
source bench/classpath.sh
java $BENCH_JVM_OPTS -Dkiln.bench.threads="${KILN_BENCH_THREADS:-1}" -cp "$BENCH_CP" \
  dev.kiln.djl.RecommendBenchmarks "${1:-5}" "${2:-32}"
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.recommend.RecommendLatencyBenchmark 2000 10000
