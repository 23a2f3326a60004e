# Compiles Kiln's server module and the benchmarks (bench/java is a test source root of it) and sets BENCH_CP.
./mvnw -B -ntp -pl server -DskipTests test-compile > server/target/bench-build.log || { tail -40 server/target/bench-build.log; exit 1; }
./mvnw -B -ntp -pl server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >> server/target/bench-build.log || { tail -40 server/target/bench-build.log; exit 1; }
BENCH_CP="server/target/classes:server/target/test-classes:$(cat server/target/bench-classpath.txt)"
BENCH_JVM_OPTS="${BENCH_JVM_OPTS:--Xmx4g -Dai.djl.offline=true}"
# the engine's oneDNN kernels above AVX compute wrong gradients on some CPUs (README); benchmarks train as Kiln does
ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX}"
export BENCH_CP BENCH_JVM_OPTS ONEDNN_MAX_CPU_ISA
