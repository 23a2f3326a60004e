#!/usr/bin/env bash
# Kiln's loop vs a plain PyTorch loop (bench/python/torch_cnn.py on Debian's python3-torch) on the Fashion-MNIST
# CNN, alternating, same images, same number of intra-op threads. PyTorch is needed here only, never by the tests.
# Usage: bench/cnn-vs-pytorch.sh [repetitions=5] [images=12000] [timed-epochs=1]
#        (threads: KILN_BENCH_THREADS, default: what Kiln's thread policy picks for the model)
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "needs python3-torch: apt-get install python3-torch"; exit 1; }
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || { echo "needs dataset-fashion-mnist"; exit 1; }
source bench/classpath.sh
threads=()
[ -n "${KILN_BENCH_THREADS:-}" ] && threads=(-Dkiln.bench.threads="$KILN_BENCH_THREADS")
java $BENCH_JVM_OPTS "${threads[@]}" -cp "$BENCH_CP" dev.kiln.djl.CnnBenchmarks "${1:-5}" "${2:-12000}" "${3:-1}"
