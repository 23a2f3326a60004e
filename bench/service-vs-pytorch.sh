#!/usr/bin/env bash
# The service's recorded epoch throughput (rows ÷ durationMs of GET /runs/{id}/metrics, epochs after the first)
# against plain PyTorch loops (bench/python/; Debian's python3-torch), alternating, medians: the MLP at batch 256 and
# 32 and matrix factorization on MovieLens ml-latest-small (one thread each), the Fashion-MNIST CNN (the threads the
# service's policy picks, the same for PyTorch; needs dataset-fashion-mnist) and the embedding → LSTM text model.
# Usage: bench/service-vs-pytorch.sh [repetitions=5] [epochs=3] [which=mlp,mf,cnn,lstm]
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "needs python3-torch: apt-get install python3-torch"; exit 1; }
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.ServiceVsPyTorchBenchmark "${1:-5}" "${2:-3}" "${3:-mlp,mf,cnn,lstm}"
