#!/usr/bin/env bash
# Kiln's training loop vs a plain PyTorch loop (bench/python/torch_mlp.py on Debian's python3-torch),
# alternating, same data, same number of intra-op threads. PyTorch is needed here only, never by the tests.
# Usage: bench/mlp-vs-pytorch.sh [repetitions=5] [batch...=256 32]   (threads: KILN_BENCH_THREADS, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "needs python3-torch: apt-get install python3-torch"; exit 1; }
source bench/classpath.sh
reps="${1:-5}"; shift || true
[ $# -gt 0 ] || set -- 256 32
java $BENCH_JVM_OPTS -Dkiln.bench.threads="${KILN_BENCH_THREADS:-1}" -cp "$BENCH_CP" \
  dev.kiln.djl.MlpBenchmarks torch "$reps" "$@"
