#!/usr/bin/env bash
# Kiln's loop vs plain PyTorch loops (bench/python/torch_text.py on Debian's python3-torch) on two text classifiers
# (embedding → LSTM 64 → dense, and an embedding bag), sequence length 64, batch 64, alternating, same ids, same
# intra-op threads; then text vectorization throughput and heap (dev.kiln.feature.VectorizeBenchmark).
# Usage: bench/text-vs-pytorch.sh [repetitions=5] [rows=20000]   (threads: KILN_BENCH_THREADS, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "needs python3-torch: apt-get install python3-torch"; exit 1; }
source bench/classpath.sh
java $BENCH_JVM_OPTS -Dkiln.bench.threads="${KILN_BENCH_THREADS:-1}" -cp "$BENCH_CP" \
  dev.kiln.djl.TextBenchmarks "${1:-5}" "${2:-20000}"
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.feature.VectorizeBenchmark 100000 5
