package dev.converge.portal.sandbox.kubernetes.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.sandbox.kubernetes.PodMetricsSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;

/**
 * Made-up but plausible resource usage, as metrics-server would report it: each running container uses somewhat
 * less than it requests, drifting slowly over minutes, the same for the same pod at the same moment (derived from
 * the pod's uid and the time, not from randomness). A node uses what its pods use plus a system share.
 */
final class UsageModel implements PodMetricsSource {

    private static final long MI = 1024L * 1024;
    private static final Resources SYSTEM_SHARE = new Resources(250, 1024 * MI, 0);
    private static final Resources UNREQUESTED = new Resources(50, 128 * MI, 0);

    private final ObjectView<Pod> pods;
    private final ObjectView<Node> nodes;
    private final Clock clock;

    UsageModel(ObjectView<Pod> pods, ObjectView<Node> nodes, Clock clock) {
        this.pods = pods;
        this.nodes = nodes;
        this.clock = clock;
    }

    @Override
    public List<PodMetrics> podMetrics(String namespace) {
        var now = Instant.now(clock);
        var source = namespace == null ? pods.all() : pods.byNamespace(namespace);
        var result = new ArrayList<PodMetrics>();
        for (var pod : source) {
            if (Pods.isRunning(pod)) {
                result.add(podMetrics(pod, now));
            }
        }
        return result;
    }

    @Override
    public List<NodeMetrics> nodeMetrics() {
        var now = Instant.now(clock);
        var byNode = new HashMap<String, Resources>();
        for (var pod : pods.all()) {
            if (Pods.isRunning(pod) && Pods.isBound(pod)) {
                var sum = Resources.NONE;
                for (var container : pod.getSpec().getContainers()) {
                    sum = sum.plus(usage(pod, container, now));
                }
                byNode.merge(pod.getSpec().getNodeName(), sum, Resources::plus);
            }
        }
        return nodes.all().stream().map(node -> {
            var used = byNode.getOrDefault(node.getMetadata().getName(), Resources.NONE).plus(SYSTEM_SHARE);
            return new NodeMetricsBuilder()
                    .withNewMetadata().withName(node.getMetadata().getName())
                        .withLabels(node.getMetadata().getLabels()).endMetadata()
                    .withTimestamp(now.toString())
                    .withWindow(new Duration(java.time.Duration.ofSeconds(30)))
                    .withUsage(quantities(used))
                    .build();
        }).toList();
    }

    private PodMetrics podMetrics(Pod pod, Instant now) {
        var containers = new ArrayList<ContainerMetrics>();
        for (var container : pod.getSpec().getContainers()) {
            containers.add(new ContainerMetrics(container.getName(), quantities(usage(pod, container, now))));
        }
        return new PodMetricsBuilder()
                .withNewMetadata()
                    .withName(pod.getMetadata().getName())
                    .withNamespace(pod.getMetadata().getNamespace())
                    .withLabels(pod.getMetadata().getLabels())
                    .withCreationTimestamp(now.toString())
                .endMetadata()
                .withTimestamp(now.toString())
                .withWindow(new Duration(java.time.Duration.ofSeconds(30)))
                .withContainers(containers)
                .build();
    }

    /** Between about 20% and 80% of the request (CPU busier for builds), moving with a period of minutes. */
    Resources usage(Pod pod, Container container, Instant now) {
        var requested = Resources.requestsOf(container);
        var base = requested.equals(Resources.NONE) ? UNREQUESTED : requested;
        long seed = (pod.getMetadata().getUid() + "/" + container.getName()).hashCode();
        double phase = (seed & 0xffff) / 65536.0 * 2 * Math.PI;
        double seconds = now.getEpochSecond() + now.getNano() / 1e9;
        double cpuLevel = (Pods.isBuild(pod) ? 0.65 : 0.45) + 0.15 * Math.sin(seconds / 300.0 + phase)
                + 0.05 * Math.sin(seconds / 47.0 + 2 * phase);
        double memoryLevel = 0.55 + 0.1 * Math.sin(seconds / 900.0 + phase);
        return new Resources(Math.max(1, Math.round(base.cpuMillis() * cpuLevel)),
                Math.max(MI, Math.round(base.memoryBytes() * memoryLevel)), 0);
    }

    private static Map<String, Quantity> quantities(Resources resources) {
        var map = new LinkedHashMap<String, Quantity>();
        map.put("cpu", new Quantity(resources.cpuMillis() + "m"));
        map.put("memory", new Quantity((resources.memoryBytes() / 1024) + "Ki"));
        return map;
    }
}
