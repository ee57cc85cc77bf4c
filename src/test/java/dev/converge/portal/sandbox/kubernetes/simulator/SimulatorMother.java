package dev.converge.portal.sandbox.kubernetes.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/** A small, fast simulated cluster for tests: 3 zones × 2 CPU nodes (4 cores) plus one 4-GPU node in zone-a. */
final class SimulatorMother {

    static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");

    private SimulatorMother() {
    }

    static PortalProperties.Sandbox sandbox() {
        return new PortalProperties.Sandbox(0, false, ZONES, 2, 4, 16, List.of("nvidia-a100-80gb", "nvidia-l4"),
                List.of(new PortalProperties.GpuPool("zone-a", "nvidia-a100-80gb", 1, 4, 32, 256)),
                Duration.ofMillis(50), Duration.ofSeconds(1), 30);
    }

    static PortalProperties properties(PortalProperties.Sandbox sandbox) {
        return new PortalProperties(Path.of("target/test-data"), new PortalProperties.Security(List.of()),
                List.of(new PortalProperties.Team("vision", null), new PortalProperties.Team("language", "lang")),
                new PortalProperties.Cors(List.of()),
                new PortalProperties.Kubernetes(PortalProperties.KubernetesMode.SANDBOX, null, Duration.ofSeconds(30),
                        50, PortalProperties.InformerScope.CLUSTER, Duration.ofMinutes(10)),
                sandbox,
                new PortalProperties.Storage(null, null, null, "us-east-1", "models", "rag-documents"),
                new PortalProperties.Sse(1000, Duration.ofSeconds(15), 256, Duration.ofMinutes(30), 2,
                        Duration.ofMillis(250), Duration.ofSeconds(10)),
                new PortalProperties.Artifacts(org.springframework.util.unit.DataSize.ofGigabytes(20)),
                new PortalProperties.Builds(50, "quay.io/minio/mc:latest", "converge-artifacts-reader", null, 64,
                        "registry.converge.local"));
    }

    static ClusterSimulator simulator() {
        var properties = properties(sandbox());
        return new ClusterSimulator(properties.sandbox(), new TeamDirectory(properties), Clock.systemUTC());
    }

    static PodBuilder pod(String namespace, String name) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec()
                    .withContainers(container("main", "250m", "256Mi").build())
                .endSpec();
    }

    static ContainerBuilder container(String name, String cpu, String memory) {
        return new ContainerBuilder()
                .withName(name)
                .withImage("registry.example/" + name + ":1.0")
                .withNewResources()
                    .addToRequests("cpu", new Quantity(cpu))
                    .addToRequests("memory", new Quantity(memory))
                .endResources();
    }
}
