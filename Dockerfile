# syntax=docker/dockerfile:1
# Kiln: build with the Maven wrapper, run as a non-root user on a JRE. The CPU build of PyTorch is inside
# the jar; see README "GPU" for a CUDA image.

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY server/pom.xml server/
COPY client/pom.xml client/
RUN ./mvnw -B -ntp -pl server -Dmaven.test.skip=true dependency:go-offline
COPY server/src/ server/src/
RUN ./mvnw -B -ntp -pl server -Dmaven.test.skip=true package \
 && cp server/target/kiln-server-*-exec.jar /kiln.jar

FROM eclipse-temurin:17-jre-jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/kiln kiln \
 && mkdir -p /data \
 && chown kiln:kiln /data
COPY --from=build /kiln.jar /app/kiln.jar
USER kiln
# DJL unpacks the PyTorch natives from the jar into DJL_CACHE_DIR on first use; nothing is downloaded
# ONEDNN_MAX_CPU_ISA: the engine's oneDNN kernels above AVX compute wrong convolution and recurrent gradients on
# some CPUs (README, "The engine's oneDNN kernels"); capped, they are right and as fast on the benchmarks
ENV KILN_DATA=/data \
    DJL_CACHE_DIR=/home/kiln/.djl.ai \
    ONEDNN_MAX_CPU_ISA=AVX \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dai.djl.offline=true -Djava.awt.headless=true"
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/kiln.jar"]
