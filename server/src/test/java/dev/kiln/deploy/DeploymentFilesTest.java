package dev.kiln.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files, checked by reading them (no Docker engine or cluster here): the compose file runs the workers
 * on S3 (MinIO) with no shared volume; the Kubernetes manifests give workers a termination grace longer than the
 * shutdown grace, probe the actuator's liveness and readiness groups, split the API and worker roles, and the GPU
 * overlay asks for a GPU. Where kubectl is installed, every overlay is rendered with its kustomize, as a user would.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path KUBE = ROOT.resolve("deploy/kubernetes");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        new Yaml().loadAll(Files.readString(file)).forEach(d -> docs.add(map(d)));
        return docs;
    }

    private static Map<String, Object> deployment(String name) throws IOException {
        for (String file : List.of("api.yaml", "worker.yaml")) {
            for (Map<String, Object> doc : documents(KUBE.resolve("base").resolve(file))) {
                if (doc.get("kind").equals("Deployment") && map(doc.get("metadata")).get("name").equals(name)) {
                    return doc;
                }
            }
        }
        throw new AssertionError("no deployment " + name);
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        return map(list(map(map(map(deployment.get("spec")).get("template")).get("spec")).get("containers")).get(0));
    }

    private static String env(Map<String, Object> container, String name) {
        return list(container.get("env")).stream().map(DeploymentFilesTest::map)
                .filter(e -> e.get("name").equals(name)).map(e -> String.valueOf(e.get("value"))).findFirst()
                .orElse(null);
    }

    @Test
    void composeRunsTheWorkersOnMinioWithNoSharedVolume() throws IOException {
        Map<String, Object> compose = map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))));
        Map<String, Object> services = map(compose.get("services"));

        assertThat(services).containsKeys("postgres", "minio", "bucket", "api", "worker-1", "worker-2");
        for (String kiln : List.of("api", "worker-1", "worker-2")) {
            Map<String, Object> service = map(services.get(kiln));
            Map<String, Object> environment = map(service.get("environment"));
            assertThat(environment).as(kiln).containsEntry("KILN_STORAGE_TYPE", "s3")
                    .containsEntry("KILN_STORAGE_S3_ENDPOINT", "http://minio:9000")
                    .containsEntry("KILN_STORAGE_S3_BUCKET", "kiln").containsKey("AWS_SECRET_ACCESS_KEY");
            assertThat(map(service.get("depends_on"))).as(kiln).containsKeys("postgres", "bucket");
            assertThat(String.valueOf(service.get("stop_grace_period"))).as("longer than the 30 s shutdown grace")
                    .isEqualTo("40s");
        }
        assertThat(map(services.get("worker-1"))).as("a worker mounts nothing").doesNotContainKey("volumes");
        assertThat(map(services.get("worker-2"))).doesNotContainKey("volumes");
        assertThat(String.valueOf(map(services.get("bucket")).get("command"))).contains("mc mb --ignore-existing local/kiln");
    }

    @Test
    void workersOutlastTheirShutdownGraceAndBothRolesProbeTheActuatorsGroups() throws IOException {
        Map<String, Object> config = documents(KUBE.resolve("base/config.yaml")).get(0);
        int grace = Integer.parseInt(String.valueOf(map(config.get("data")).get("KILN_TRAINING_SHUTDOWN_GRACE"))
                .replace("s", ""));
        Map<String, Object> worker = deployment("kiln-worker");
        Map<String, Object> api = deployment("kiln-api");

        assertThat((Integer) map(map(map(worker.get("spec")).get("template")).get("spec"))
                .get("terminationGracePeriodSeconds")).isGreaterThan(grace);
        assertThat(env(container(worker), "KILN_API_ENABLED")).isEqualTo("false");
        assertThat(env(container(api), "KILN_WORKER_ENABLED")).isEqualTo("false");
        for (Map<String, Object> deployment : List.of(worker, api)) {
            Map<String, Object> c = container(deployment);
            assertThat(map(map(c.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/actuator/health/liveness");
            assertThat(map(map(c.get("readinessProbe")).get("httpGet")).get("path"))
                    .isEqualTo("/actuator/health/readiness");
            assertThat(list(c.get("envFrom"))).hasSize(2);
        }
        String properties = Files.readString(ROOT.resolve("server/src/main/resources/application.properties"));
        assertThat(properties).contains("management.endpoint.health.group.readiness.include=readinessState,db")
                .contains("kiln.training.shutdown-grace=" + grace + "s");
    }

    @Test
    void theGpuOverlayAsksEachWorkerForAGpuOnAGpuNode() throws IOException {
        String patch = Files.readString(KUBE.resolve("gpu/kustomization.yaml"));

        assertThat(patch).contains("nvidia.com~1gpu").contains("nvidia.com/gpu.present").contains("name: kiln-worker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "trial", "gpu", "keda"})
    void everyOverlayRendersWithKubectlsKustomize(String overlay) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl"))
                || Files.isExecutable(Path.of("/usr/local/bin/kubectl")), "no kubectl here to render with");
        Process process = new ProcessBuilder("kubectl", "kustomize", KUBE.resolve(overlay).toString())
                .redirectErrorStream(true).start();
        String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(rendered).isZero();

        List<Map<String, Object>> objects = new ArrayList<>();
        new Yaml().loadAll(rendered).forEach(d -> objects.add(map(d)));
        assertThat(objects).extracting(o -> o.get("kind") + "/" + map(o.get("metadata")).get("name"))
                .contains("Deployment/kiln-api", "Deployment/kiln-worker", "Service/kiln-api");
        if (overlay.equals("gpu")) {
            assertThat(rendered).contains("nvidia.com/gpu: 1");
        }
    }
}
