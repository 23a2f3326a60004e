#!/usr/bin/env bash
# Where a training loop's time goes: runs one of Kiln's benchmark loops under JFR and prints the native methods the
# training thread was sampled in (jdk.NativeMethodSample: each sample is a JNI call into PyTorch, by its top frame),
# with their shares. Usage: bench/profile.sh mlp|mf|cnn [seconds=40] [batch=256 (mlp only)]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
out="server/target/profile-$1.jfr"
java $BENCH_JVM_OPTS -XX:StartFlightRecording=filename="$out",settings=profile -cp "$BENCH_CP" \
    dev.kiln.djl.ProfileLoops "$1" "${2:-40}" "${3:-256}" | tail -3
jfr print --events jdk.NativeMethodSample "$out" | awk '
    /sampledThread = "main"/ { main = 1; next }
    /sampledThread = / { main = 0; next }
    main && /line:/ && !seen { sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); count[$0]++; total++; seen = 1 }
    /^jdk.NativeMethodSample/ { seen = 0 }
    END { for (m in count) printf "%6.1f%%  %6d  %s\n", 100 * count[m] / total, count[m], m; printf "%6s  %6d  samples on the training thread\n", "", total }' \
  | sort -rn | head -25
