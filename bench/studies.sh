#!/usr/bin/env bash
# How well studies search, over HTTP on one Kiln: TPE vs random over several seeds (best val_loss of each), and ASHA vs
# no pruning on the same random configurations (best val_loss, and the epochs trained counted from the epoch rows).
# Usage: bench/studies.sh [seeds=5] [trials=20] [ashaEpochs=18] [ashaSeeds=3] [ashaMinEpochs=2] [ashaFactor=3] [ashaBrackets=1]
#        [data=breast|fashion] [fashionRows=6000]   (fashion needs Debian's dataset-fashion-mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java $BENCH_JVM_OPTS -cp "$BENCH_CP" dev.kiln.djl.StudyBenchmark "${1:-5}" "${2:-20}" "${3:-18}" "${4:-3}" "${5:-2}" "${6:-3}" "${7:-1}" "${8:-breast}" "${9:-6000}"
