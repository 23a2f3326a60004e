#!/usr/bin/env bash
# int8 quantization of the Fashion-MNIST CNN: artifact and ONNX bytes, test accuracy before and after, and ONNX
# Runtime's latency float against int8 (batch of 256 and single images), alternating, medians.
# Usage: bench/onnx-int8.sh [epochs=1] [repetitions=7] [idx directory=/usr/share/datasets/fashion-mnist]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.OnnxInt8Benchmark "$@"
