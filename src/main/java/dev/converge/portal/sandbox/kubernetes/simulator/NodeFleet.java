package dev.converge.portal.sandbox.kubernetes.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The simulated machines of the sandbox (none of them exists): CPU nodes in every zone plus the configured GPU pools,
 * and the team namespaces.
 */
final class NodeFleet {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    static final String INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";
    static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
    static final String SIMULATED_LABEL = "converge.dev/simulated";
    static final String TEAM_LABEL = "converge.dev/team";
    /**
     * Which simulated nodes are spot capacity: the last CPU node of each zone (when a zone has more than one), as
     * the default of {@code portal.deployments.spot.node-selector} (Karpenter's label) expects.
     */
    static final String CAPACITY_TYPE_LABEL = "karpenter.sh/capacity-type";

    private NodeFleet() {
    }

    /** Fails with the property named when a GPU pool refers to a zone or GPU type the sandbox does not have. */
    static void validate(PortalProperties.Sandbox sandbox) {
        for (int i = 0; i < sandbox.gpuPools().size(); i++) {
            var pool = sandbox.gpuPools().get(i);
            if (!sandbox.zones().contains(pool.zone())) {
                throw new IllegalArgumentException("portal.sandbox.gpu-pools[" + i + "].zone: unknown zone '"
                        + pool.zone() + "' (portal.sandbox.zones is " + sandbox.zones() + ")");
            }
            if (!sandbox.gpuTypes().contains(pool.gpuType())) {
                throw new IllegalArgumentException("portal.sandbox.gpu-pools[" + i + "].gpu-type: unknown GPU type '"
                        + pool.gpuType() + "' (portal.sandbox.gpu-types is " + sandbox.gpuTypes() + ")");
            }
        }
    }

    static List<Node> nodes(PortalProperties.Sandbox sandbox, Clock clock) {
        var nodes = new ArrayList<Node>();
        var now = Instant.now(clock).toString();
        for (int z = 0; z < sandbox.zones().size(); z++) {
            var zone = sandbox.zones().get(z);
            for (int i = 1; i <= sandbox.cpuNodesPerZone(); i++) {
                var node = node("sim-cpu-" + zone + "-" + i, zone, "sim-cpu-" + sandbox.cpuNodeCores() + "x"
                        + sandbox.cpuNodeMemoryGi(), sandbox.cpuNodeCores(), sandbox.cpuNodeMemoryGi(), 0, null,
                        "10.0." + z + "." + i, now);
                node.getMetadata().getLabels().put(CAPACITY_TYPE_LABEL,
                        i == sandbox.cpuNodesPerZone() && i > 1 ? "spot" : "on-demand");
                nodes.add(node);
            }
        }
        int poolNumber = 0;
        for (var pool : sandbox.gpuPools()) {
            poolNumber++;
            for (int i = 1; i <= pool.nodes(); i++) {
                nodes.add(node("sim-gpu-" + shortName(pool.gpuType()) + "-" + pool.zone() + "-" + i, pool.zone(),
                        "sim-" + pool.gpuType() + "-x" + pool.gpusPerNode(), pool.cores(), pool.memoryGi(),
                        pool.gpusPerNode(), pool.gpuType(), "10.1." + poolNumber + "." + i, now));
            }
        }
        return nodes;
    }

    static List<Namespace> namespaces(Iterable<String> namespaces, java.util.function.UnaryOperator<String> teamOf) {
        var result = new ArrayList<Namespace>();
        for (var namespace : namespaces) {
            result.add(new NamespaceBuilder()
                    .withNewMetadata()
                        .withName(namespace)
                        .addToLabels("kubernetes.io/metadata.name", namespace)
                        .addToLabels(TEAM_LABEL, teamOf.apply(namespace))
                        .addToLabels(SIMULATED_LABEL, "true")
                    .endMetadata()
                    .withNewStatus().withPhase("Active").endStatus()
                    .build());
        }
        return result;
    }

    private static Node node(String name, String zone, String instanceType, int cores, int memoryGi, int gpus,
            String gpuType, String ip, String now) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(HOSTNAME_LABEL, name);
        labels.put(ZONE_LABEL, zone);
        labels.put("topology.kubernetes.io/region", "sandbox");
        labels.put(INSTANCE_TYPE_LABEL, instanceType);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put(SIMULATED_LABEL, "true");
        var capacity = new LinkedHashMap<String, Quantity>();
        capacity.put("cpu", new Quantity(String.valueOf(cores)));
        capacity.put("memory", new Quantity(memoryGi + "Gi"));
        capacity.put("pods", new Quantity("110"));
        capacity.put("ephemeral-storage", new Quantity("200Gi"));
        // The kubelet and system daemons keep a little back, as on a real node.
        var allocatable = new LinkedHashMap<>(capacity);
        allocatable.put("cpu", new Quantity((cores * 1000 - 100) + "m"));
        allocatable.put("memory", new Quantity((memoryGi * 1024L - 512) + "Mi"));
        if (gpus > 0) {
            labels.put(GPU_PRODUCT_LABEL, gpuType);
            labels.put("nvidia.com/gpu.count", String.valueOf(gpus));
            capacity.put(Resources.GPU, new Quantity(String.valueOf(gpus)));
            allocatable.put(Resources.GPU, new Quantity(String.valueOf(gpus)));
        }
        return new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels)
                    .addToAnnotations("converge.dev/simulation", "This node is simulated by the Converge sandbox")
                .endMetadata()
                .withNewSpec().withProviderID("sandbox://" + name).endSpec()
                .withNewStatus()
                    .withCapacity(capacity)
                    .withAllocatable(allocatable)
                    .addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                    .withConditions(
                            condition("Ready", "True", "KubeletReady", "kubelet is posting ready status (simulated)", now),
                            condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                    "kubelet has sufficient memory available", now),
                            condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                                    "kubelet has no disk pressure", now),
                            condition("PIDPressure", "False", "KubeletHasSufficientPID",
                                    "kubelet has sufficient PID available", now))
                    .withNewNodeInfo()
                        .withKubeletVersion("v1.32.0-sandbox")
                        .withKubeProxyVersion("v1.32.0-sandbox")
                        .withContainerRuntimeVersion("simulated://1.0")
                        .withOsImage("Converge sandbox (simulated node)")
                        .withOperatingSystem("linux")
                        .withArchitecture("amd64")
                        .withKernelVersion("6.1.0-sandbox")
                    .endNodeInfo()
                .endStatus()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.NodeCondition condition(String type, String status, String reason,
            String message, String now) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
    }

    private static String shortName(String gpuType) {
        var name = gpuType.startsWith("nvidia-") ? gpuType.substring("nvidia-".length()) : gpuType;
        return name.replaceAll("[^a-z0-9-]", "-");
    }
}
