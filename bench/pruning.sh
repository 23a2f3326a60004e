#!/usr/bin/env bash
# Magnitude pruning on the full Fashion-MNIST: the benchmark CNN dense and pruned (same seed and epochs), test accuracy
# of both on the 10,000 test images, the final sparsity per layer and the artifacts' bytes.
# Usage: bench/pruning.sh [epochs=4] [sparsity=0.8] [idx directory=/usr/share/datasets/fashion-mnist]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.PruningBenchmark "$@"
