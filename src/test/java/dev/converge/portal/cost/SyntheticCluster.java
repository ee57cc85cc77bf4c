package dev.converge.portal.cost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.kubernetes.PodUsage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Kubernetes pods and nodes built in memory, as the informer cache would hold them, with a usage reading. Spot nodes
 * carry {@link #SPOT_LABEL}={@code spot}, and {@link #read()} tells them by that label (in the portal the deployments
 * feature's configured spot node selector does).
 */
final class SyntheticCluster {

    static final String SPOT_LABEL = "karpenter.sh/capacity-type";

    final List<Node> nodes = new ArrayList<>();
    final List<Pod> pods = new ArrayList<>();
    final Map<String, PodUsage.Sample> usage = new HashMap<>();

    SyntheticCluster node(String name, String zone, String gpuType) {
        return node(name, zone, gpuType, false);
    }

    /** A CPU node that is spot capacity. */
    SyntheticCluster spotNode(String name, String zone) {
        return node(name, zone, null, true);
    }

    SyntheticCluster node(String name, String zone, String gpuType, boolean spot) {
        var labels = new HashMap<String, String>();
        labels.put(SPOT_LABEL, spot ? "spot" : "on-demand");
        labels.put("topology.kubernetes.io/zone", zone);
        if (gpuType != null) {
            labels.put("nvidia.com/gpu.product", gpuType);
        }
        nodes.add(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build());
        return this;
    }

    /** A running pod of a deployment on a node, requesting and using CPU (millicores) and memory (MiB). */
    SyntheticCluster pod(String namespace, String deployment, String name, String node, String cpu, String memory,
                         int gpus, long usedCpuMillis, long usedMemoryMi) {
        var requests = new HashMap<String, Quantity>();
        requests.put("cpu", new Quantity(cpu));
        requests.put("memory", new Quantity(memory));
        if (gpus > 0) {
            requests.put("nvidia.com/gpu", new Quantity(String.valueOf(gpus)));
        }
        pods.add(new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withUid(namespace + "-" + name).addToLabels("app.kubernetes.io/name", deployment).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("model").withNewResources()
                .withRequests(requests).endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build());
        usage.put(namespace + "/" + name, new PodUsage.Sample(usedCpuMillis, usedMemoryMi * 1024 * 1024));
        return this;
    }

    /**
     * A running pod of a RAG model's runtime, labelled as the rag reconciler labels it: its Deployment is
     * "rag-{@code model}" and {@code converge.dev/rag-model} names the model.
     */
    SyntheticCluster ragPod(String namespace, String model, String name, String node, String cpu, String memory,
                            long usedCpuMillis, long usedMemoryMi) {
        pod(namespace, "rag-" + model, name, node, cpu, memory, 0, usedCpuMillis, usedMemoryMi);
        var pod = pods.get(pods.size() - 1);
        pod.getMetadata().getLabels().put("converge.dev/rag-model", model);
        pod.getMetadata().getLabels().put("converge.dev/kind", "rag");
        return this;
    }

    List<PodReading> read() {
        return ClusterReader.read(pods, nodes, new PodUsage.Reading(usage, java.time.Instant.EPOCH),
                namespace -> namespace, SyntheticCluster::isSpotNode);
    }

    static boolean isSpotNode(Map<String, String> labels) {
        return "spot".equals(labels.get(SPOT_LABEL));
    }
}
