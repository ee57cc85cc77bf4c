package dev.converge.portal.sandbox.kubernetes.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class NodeFleetTests {

    static KubernetesClient client;

    @Test
    void bootstrapCreatesCpuAndGpuNodesInThreeZonesAndTheTeamNamespacesOnce() {
        try (var first = SimulatorMother.simulator(); var second = SimulatorMother.simulator()) {
            first.start(client);
            second.start(client);

            var nodes = client.nodes().list().getItems();
            assertThat(nodes).hasSize(7);
            assertThat(nodes.stream().map(node -> node.getMetadata().getLabels().get(NodeFleet.ZONE_LABEL))
                    .collect(Collectors.toSet())).containsExactlyInAnyOrder("zone-a", "zone-b", "zone-c");
            assertThat(nodes).allSatisfy(node -> {
                assertThat(node.getMetadata().getLabels())
                        .containsEntry("converge.dev/simulated", "true")
                        .containsEntry("kubernetes.io/hostname", node.getMetadata().getName())
                        .containsKey("node.kubernetes.io/instance-type");
                assertThat(node.getStatus().getConditions())
                        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
            });
            var gpuNodes = nodes.stream().filter(node -> node.getStatus().getCapacity().containsKey("nvidia.com/gpu"))
                    .toList();
            assertThat(gpuNodes).singleElement().satisfies(node -> {
                assertThat(node.getMetadata().getLabels())
                        .containsEntry("nvidia.com/gpu.product", "nvidia-a100-80gb")
                        .containsEntry(NodeFleet.ZONE_LABEL, "zone-a");
                assertThat(node.getStatus().getAllocatable().get("nvidia.com/gpu")).isEqualTo(new Quantity("4"));
                assertThat(node.getStatus().getCapacity().get("cpu")).isEqualTo(new Quantity("32"));
            });

            assertThat(client.namespaces().withName("vision").get().getMetadata().getLabels())
                    .containsEntry("converge.dev/team", "vision");
            assertThat(client.namespaces().withName("lang").get().getMetadata().getLabels())
                    .containsEntry("converge.dev/team", "language");
        }
    }

    @Test
    void aGpuPoolOfAnUnknownGpuTypeIsRejectedWithThePropertyNamed() {
        var sandbox = new PortalProperties.Sandbox(0, false, SimulatorMother.ZONES, 1, 4, 16, List.of("nvidia-l4"),
                List.of(new PortalProperties.GpuPool("zone-a", "nvidia-h100", 1, 8, 64, 512)),
                Duration.ofMillis(50), Duration.ofSeconds(1), 30);
        var properties = SimulatorMother.properties(sandbox);

        assertThatThrownBy(() -> new ClusterSimulator(sandbox, new dev.converge.portal.platform.kubernetes.TeamDirectory(properties),
                java.time.Clock.systemUTC()))
                .hasMessageContaining("portal.sandbox.gpu-pools[0].gpu-type")
                .hasMessageContaining("nvidia-h100");
    }
}
