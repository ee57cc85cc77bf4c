package dev.converge.portal.sandbox.kubernetes.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterSimulatorTests {

    static KubernetesClient client;

    @Test
    void runningPodsReportUsageBelowTheirRequestsAndNodesTheSumOfTheirPods() {
        var properties = SimulatorMother.properties(SimulatorMother.sandbox());
        var clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        try (var simulator = new ClusterSimulator(properties.sandbox(), new TeamDirectory(properties), clock)) {
            simulator.start(client);
            client.resource(SimulatorMother.pod("vision", "api").build()).create();
            client.resource(SimulatorMother.pod("lang", "chat").build()).create();

            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.podMetrics(null).size() == 2);
            var metrics = simulator.podMetrics("vision");
            assertThat(metrics).singleElement().satisfies(pod -> {
                assertThat(pod.getMetadata().getName()).isEqualTo("api");
                var usage = pod.getContainers().get(0).getUsage();
                assertThat(usage.get("cpu").getNumericalAmount())
                        .isGreaterThan(BigDecimal.ZERO).isLessThan(new BigDecimal("0.25"));
                assertThat(Quantity.getAmountInBytes(usage.get("memory")))
                        .isGreaterThan(BigDecimal.ZERO).isLessThan(new BigDecimal(256L * 1024 * 1024));
            });
            assertThat(simulator.podMetrics("vision").get(0).getContainers().get(0).getUsage())
                    .as("the same pod at the same moment uses the same")
                    .isEqualTo(metrics.get(0).getContainers().get(0).getUsage());

            var node = client.pods().inNamespace("vision").withName("api").get().getSpec().getNodeName();
            var nodeUsage = simulator.nodeMetrics().stream()
                    .filter(n -> n.getMetadata().getName().equals(node)).findFirst().orElseThrow().getUsage();
            assertThat(nodeUsage.get("cpu").getNumericalAmount())
                    .isGreaterThan(metrics.get(0).getContainers().get(0).getUsage().get("cpu").getNumericalAmount());
            assertThat(simulator.nodeMetrics()).hasSize(7);
        }
    }

    @Test
    void aRestartedSimulationFinishesTheBuildsItFindsRunning() {
        var build = new PodBuilder(SimulatorMother.pod("vision", "build-1").build())
                .editMetadata().addToLabels("converge.dev/kind", "build").endMetadata()
                .editSpec().withRestartPolicy("Never").endSpec()
                .build();
        try (var first = SimulatorMother.simulator()) {
            first.start(client);
            client.resource(build).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> Pods.isRunning(get("build-1")));
        }

        try (var second = SimulatorMother.simulator()) {
            second.start(client);
            await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(Pods.phase(get("build-1"))));
        }
    }

    private static io.fabric8.kubernetes.api.model.Pod get(String name) {
        return client.pods().inNamespace("vision").withName(name).get();
    }
}
