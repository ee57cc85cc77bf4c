package dev.converge.portal.trust;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import dev.converge.portal.artifacts.ArtifactUpload;
import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.BuildRequest;
import dev.converge.portal.builds.BuildStatus;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentSpec;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The trust tests' path on the sandbox, as a person takes it: upload an artifact, build it, deploy the image the
 * build pushed (pinned by digest); then break one signal at a time through the cluster's own API.
 */
final class TrustSandbox {

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private TrustSandbox() {
    }

    /** Deploys {@code name} in vision from a successful build of a fresh upload; returns the pinned image. */
    static String deployBuiltModel(Artifacts artifacts, Builds builds, DeploymentManager deployments, String name) {
        var user = DeploymentMother.developer();
        var bytes = new byte[2048];
        new SplittableRandom(name.hashCode()).nextBytes(bytes);
        // the portal creates its buckets in the background at start: a test that runs first may have to wait
        var artifact = await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(
                dev.converge.portal.artifacts.ArtifactStorageFailure.class).until(() -> artifacts.upload(user,
                new ArtifactUpload("vision", name, "1", "model.onnx", "application/octet-stream", bytes.length,
                        () -> new ByteArrayInputStream(bytes))), java.util.Objects::nonNull);
        var build = builds.create(user, new BuildRequest("vision", name + "-build", artifact.key(), "python:3.12-slim",
                "python package.py", null, Map.of(), null, null));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                builds.get(user, "vision", build.name()).status() == BuildStatus.SUCCEEDED);
        var image = builds.get(user, "vision", build.name()).image();
        deployments.create(new DeploymentSpec("vision", name, image, null, 8080, "openai",
                new DeploymentSpec.Resources("100m", "128Mi", 0, null), 1, DeploymentSpec.Placement.any(),
                DeploymentSpec.Autoscaling.OFF, Map.of(), null), user);
        return image;
    }

    /** The model server container turns privileged: a new pod template, rolled out. */
    static void makePrivileged(KubernetesClient client, String name) {
        client.apps().deployments().inNamespace("vision").withName(name).edit(deployment -> {
            var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            container.setSecurityContext(new SecurityContextBuilder(container.getSecurityContext())
                    .withPrivileged(true).withAllowPrivilegeEscalation(true).build());
            return deployment;
        });
    }

    /** Its running pod's server container restarted several times, the last just now, as a crash loop shows. */
    static void restartLoop(KubernetesClient client, String name) {
        var pod = client.pods().inNamespace("vision").withLabel("app.kubernetes.io/name", name).list().getItems()
                .stream().filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
        client.pods().inNamespace("vision").withName(pod.getMetadata().getName()).editStatus(crashLooping());
    }

    private static UnaryOperator<Pod> crashLooping() {
        return pod -> {
            var status = pod.getStatus().getContainerStatuses().get(0);
            status.setRestartCount(5);
            status.setLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(1).withReason("Error")
                    .withFinishedAt(java.time.Instant.now().toString()).endTerminated().build());
            return pod;
        };
    }

    /**
     * Logs a run to the sandbox's MLflow tracking server, tagged as evaluating vision/{@code deployment}, with the
     * metrics at step 0; returns its id.
     */
    static String logEvaluation(URI tracking, String deployment, Map<String, Double> metrics) {
        var experiment = call(tracking, "experiments/get-by-name?experiment_name=trust-" + deployment, null);
        var experimentId = experiment == null
                ? call(tracking, "experiments/create", Map.of("name", "trust-" + deployment)).path("experiment_id")
                .asString()
                : experiment.path("experiment").path("experiment_id").asString();
        var run = call(tracking, "runs/create", Map.of("experiment_id", experimentId, "run_name", "evaluation",
                "start_time", System.currentTimeMillis(), "tags", java.util.List.of(Map.of("key",
                        "converge.dev/deployment", "value", "vision/" + deployment))));
        var runId = run.path("run").path("info").path("run_id").asString();
        metrics.forEach((key, value) -> logMetric(tracking, runId, key, value, 0));
        return runId;
    }

    /** A newer value of a metric (a later step), as an evaluation job logs it. */
    static void logMetric(URI tracking, String runId, String key, double value, int step) {
        call(tracking, "runs/log-metric", Map.of("run_id", runId, "key", key, "value", value, "timestamp",
                System.currentTimeMillis(), "step", step));
    }

    /** One REST call below /api/2.0/mlflow/: POST with a body, GET without; null for a 404. */
    private static tools.jackson.databind.JsonNode call(URI tracking, String path, Map<String, ?> body) {
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var request = java.net.http.HttpRequest.newBuilder(URI.create(tracking + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json");
        request = body == null ? request.GET()
                : request.POST(java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        try {
            var response = HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Deployment deployment(KubernetesClient client, String name) {
        return client.apps().deployments().inNamespace("vision").withName(name).get();
    }
}
