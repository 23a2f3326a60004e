# Compiles Kiln and the benchmarks (bench/java is a test source root) and sets BENCH_CP.
./mvnw -B -ntp -q -DskipTests test-compile
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
BENCH_CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
BENCH_JVM_OPTS="${BENCH_JVM_OPTS:--Xmx4g -Dai.djl.offline=true}"
export BENCH_CP BENCH_JVM_OPTS
