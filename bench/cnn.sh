#!/usr/bin/env bash
# The Fashion-MNIST CNN of the images issue through the service: full training set (60k) and test set (10k)
# uploaded as IDX, conv2d 32 → maxPool → conv2d 64 → maxPool → dense 128 → dropout → dense 10, Adam 1e-3,
# batch 128; prints images/s and test accuracy. Needs Debian's dataset-fashion-mnist (or a directory of the IDX
# files as the second argument).
# Usage: bench/cnn.sh [epochs=1] [idx-directory=/usr/share/datasets/fashion-mnist]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${2:-/usr/share/datasets/fashion-mnist}"
[ -f "$dir/train-images-idx3-ubyte.gz" ] || { echo "needs the Fashion-MNIST IDX files in $dir: apt-get install dataset-fashion-mnist"; exit 1; }
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.CnnServiceBenchmark "${1:-1}" "$dir"
