package dev.converge.portal.sandbox.kubernetes.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SimulatedKubeletTests {

    static KubernetesClient client;
    private ClusterSimulator simulator;

    @BeforeEach
    void start() {
        simulator = SimulatorMother.simulator();
        simulator.start(client);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aBoundPodGoesRunningWithReadyContainersAndTheEventsOfARealKubelet() {
        var pod = new PodBuilder(SimulatorMother.pod("vision", "web").build())
                .editSpec().addToInitContainers(SimulatorMother.container("migrate", "100m", "64Mi").build()).endSpec()
                .build();
        client.resource(pod).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> Pods.isReady(get("web")));
        var running = get("web");
        assertThat(running.getStatus().getPodIP()).startsWith("10.244.");
        assertThat(running.getStatus().getStartTime()).isNotBlank();
        assertThat(running.getStatus().getInitContainerStatuses()).singleElement().satisfies(status -> {
            assertThat(status.getState().getTerminated().getExitCode()).isZero();
            assertThat(status.getState().getTerminated().getReason()).isEqualTo("Completed");
        });
        assertThat(running.getStatus().getContainerStatuses()).singleElement().satisfies(status -> {
            assertThat(status.getReady()).isTrue();
            assertThat(status.getStarted()).isTrue();
            assertThat(status.getState().getRunning()).isNotNull();
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reasons("web"))
                .contains("Scheduled", "Pulled", "Created", "Started"));
        assertThat(simulator.lines("vision", "web", "main")).isNotEmpty()
                .anySatisfy(line -> assertThat(line).contains("simulated"));
        assertThat(simulator.isRunning("vision", "web", "main")).isTrue();
    }

    @Test
    void aBuildPodLogsWhileItRunsAndSucceeds() {
        var received = new CopyOnWriteArrayList<String>();
        var ended = new AtomicBoolean();
        client.resource(build("build-ok", null)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> Pods.isRunning(get("build-ok")));
        simulator.follow("vision", "build-ok", "builder", received::add, () -> ended.set(true));

        await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(Pods.phase(get("build-ok"))));
        var terminated = get("build-ok").getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getExitCode()).isZero();
        assertThat(terminated.getReason()).isEqualTo("Completed");
        await().atMost(Duration.ofSeconds(2)).untilTrue(ended);
        assertThat(received).isNotEmpty().last().asString().contains("exit code 0");
        assertThat(simulator.lines("vision", "build-ok", "builder")).hasSizeGreaterThan(5)
                .anySatisfy(line -> assertThat(line).startsWith("Step 1/"));
        assertThat(simulator.isRunning("vision", "build-ok", "builder")).isFalse();
    }

    /** As a real builder does (kaniko's --image-name-with-digest-file=/dev/termination-log): the pushed image. */
    @Test
    void aSucceededBuildReportsTheImageItPushedPinnedByDigestInItsTerminationMessage() {
        var pod = new PodBuilder(build("build-image", null)).editSpec().editFirstContainer()
                .addNewEnv().withName("BUILD_IMAGE").withValue("registry.example/vision/model:build-image").endEnv()
                .endContainer().endSpec().build();
        client.resource(pod).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(Pods.phase(get("build-image"))));
        var terminated = get("build-image").getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getMessage())
                .matches("image: registry\\.example/vision/model@sha256:[0-9a-f]{64}\\n?");
    }

    /** What a cancel does on a real cluster: the deadline shortened on a running pod stops it, the pod stays. */
    @Test
    void aDeadlineShortenedWhileRunningStopsThePodAndKeepsIt() {
        var pod = new PodBuilder(SimulatorMother.pod("vision", "build-cut").build())
                .editSpec().withActiveDeadlineSeconds(3600L).endSpec().build();
        client.resource(pod).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> Pods.isRunning(get("build-cut")));

        client.pods().inNamespace("vision").withName("build-cut")
                .edit(running -> new PodBuilder(running).editSpec().withActiveDeadlineSeconds(1L).endSpec().build());

        await().atMost(Duration.ofSeconds(5)).until(() -> "Failed".equals(Pods.phase(get("build-cut"))));
        assertThat(get("build-cut").getStatus().getReason()).isEqualTo("DeadlineExceeded");
    }

    @Test
    void buildLogDurationsHaveNoFloatingPointNoise() {
        for (int n = 0; n < 100; n++) {
            assertThat(LogScript.buildLine("builder", n)).doesNotContainPattern("\\d\\.\\d{3,}");
        }
        assertThat(java.util.stream.IntStream.range(0, 100).mapToObj(n -> LogScript.buildLine("b", n)))
                .anySatisfy(line -> assertThat(line).endsWith("done in 1.1s"));
    }

    @Test
    void aBuildAskedToFailEndsFailedWithItsExitCode() {
        client.resource(build("build-bad", "1")).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> "Failed".equals(Pods.phase(get("build-bad"))));
        var terminated = get("build-bad").getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(1);
        assertThat(terminated.getReason()).isEqualTo("Error");
        assertThat(simulator.lines("vision", "build-bad", "builder")).last().asString().contains("exit code 1");
    }

    @Test
    void activeDeadlineSecondsEndsAPodWithDeadlineExceeded() {
        var pod = new PodBuilder(SimulatorMother.pod("vision", "short-lived").build())
                .editSpec().withActiveDeadlineSeconds(1L).endSpec().build();
        client.resource(pod).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> "Failed".equals(Pods.phase(get("short-lived"))));
        assertThat(get("short-lived").getStatus().getReason()).isEqualTo("DeadlineExceeded");
    }

    private static Pod build(String name, String exitCode) {
        var container = SimulatorMother.container("builder", "500m", "512Mi");
        if (exitCode != null) {
            container.addNewEnv().withName("SANDBOX_EXIT_CODE").withValue(exitCode).endEnv();
        }
        return new PodBuilder()
                .withNewMetadata().withNamespace("vision").withName(name)
                    .addToLabels("converge.dev/kind", "build").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withContainers(container.build()).endSpec()
                .build();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("vision").withName(name).get();
    }

    private static List<String> reasons(String pod) {
        return client.v1().events().inNamespace("vision").list().getItems().stream()
                .filter(event -> pod.equals(event.getInvolvedObject().getName()))
                .map(io.fabric8.kubernetes.api.model.Event::getReason)
                .toList();
    }
}
