package dev.converge.portal.cost;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.converge.portal.deployments.DeploymentManifests;
import dev.converge.portal.deployments.ResourceAmounts;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.platform.kubernetes.PodUsage;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.rag.RagModel;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.springframework.stereotype.Component;

/**
 * Turns the informer caches' pods and nodes, and the last pod usage reading, into {@link PodReading}s: the one
 * place of the cost feature that reads Kubernetes objects. A pod costs from the moment it is bound to a node until
 * it finishes, as OpenCost counts it. A pod without a usage reading (none yet, or no metrics API) is taken to use what
 * it requests: its cost is its request and none of it counts as idle, rather than all of it. A pod is on spot when its
 * node carries the labels the deployments feature sends spot pods to ({@link DeploymentManifests#isSpotNode}).
 */
@Component
public class ClusterReader {

    private static final double GIB = 1024d * 1024 * 1024;

    private final KubernetesCaches caches;
    private final PodUsage usage;
    private final TeamDirectory teams;
    private final DeploymentManifests manifests;

    ClusterReader(KubernetesCaches caches, PodUsage usage, TeamDirectory teams, DeploymentManifests manifests) {
        this.caches = caches;
        this.usage = usage;
        this.teams = teams;
        this.manifests = manifests;
    }

    /**
     * What each pod requests, by uid: parsing quantities is most of the mapping's cost, and a pod's requests never
     * change (a new spec makes new pods). Pruned to the pods still there when it grows.
     */
    private final Map<String, ResourceAmounts> requests = new java.util.concurrent.ConcurrentHashMap<>();

    public List<PodReading> read(Collection<String> namespaces) {
        if (namespaces.isEmpty()) {
            return List.of();
        }
        var pods = caches.query(Pod.class).namespaces(namespaces).list();
        var result = read(pods, caches.list(Node.class, null), usage.last(), teams::teamOf, manifests::isSpotNode,
                requests);
        if (requests.size() > 2 * pods.size() + 1000) {
            var alive = new java.util.HashSet<String>();
            caches.list(Pod.class, null).forEach(pod -> alive.add(pod.getMetadata().getUid()));
            requests.keySet().retainAll(alive);
        }
        return result;
    }

    /**
     * The mapping alone, over any pods and nodes (the benchmark feeds it a synthetic cluster); {@code spotNode} tells
     * a spot node by its labels.
     */
    public static List<PodReading> read(List<Pod> pods, List<Node> nodes, PodUsage.Reading usage,
                                        Function<String, String> teamOf, Predicate<Map<String, String>> spotNode) {
        return read(pods, nodes, usage, teamOf, spotNode, new HashMap<>());
    }

    /** Where a node is, which GPUs it has, and whether it is spot capacity. */
    private record Place(String zone, String gpuType, boolean spot) {
        static final Place UNKNOWN = new Place("", "", false);
    }

    static List<PodReading> read(List<Pod> pods, List<Node> nodes, PodUsage.Reading usage,
                                 Function<String, String> teamOf, Predicate<Map<String, String>> spotNode,
                                 Map<String, ResourceAmounts> requestsByUid) {
        var places = new HashMap<String, Place>();
        for (var node : nodes) {
            var labels = node.getMetadata().getLabels();
            places.put(node.getMetadata().getName(), labels == null ? Place.UNKNOWN
                    : new Place(labels.getOrDefault(Zones.ZONE_LABEL, ""),
                            labels.getOrDefault(Zones.GPU_PRODUCT_LABEL, ""), spotNode.test(labels)));
        }
        var teamsByNamespace = new HashMap<String, String>();
        var result = new ArrayList<PodReading>(pods.size());
        for (var pod : pods) {
            var spec = pod.getSpec();
            var phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (spec == null || spec.getNodeName() == null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            var meta = pod.getMetadata();
            var place = places.getOrDefault(spec.getNodeName(), Place.UNKNOWN);
            var uid = meta.getUid();
            var requested = uid == null ? ResourceAmounts.requested(pod)
                    : requestsByUid.computeIfAbsent(uid, key -> ResourceAmounts.requested(pod));
            var used = usage.of(meta.getNamespace(), meta.getName()).orElse(null);
            result.add(new PodReading(meta.getNamespace(),
                    teamsByNamespace.computeIfAbsent(meta.getNamespace(), ns -> orEmpty(teamOf.apply(ns))),
                    deploymentOf(meta.getLabels(), meta.getName()), meta.getName(), place.zone(),
                    requested.gpus() > 0 ? place.gpuType() : "",
                    requested.cpuMillis() / 1000d, (used == null ? requested.cpuMillis() : used.cpuMillis()) / 1000d,
                    requested.memoryBytes() / GIB,
                    (used == null ? requested.memoryBytes() : used.memoryBytes()) / GIB, requested.gpus(),
                    ragModelOf(meta.getLabels()), place.spot()));
        }
        return result;
    }

    private static String deploymentOf(Map<String, String> labels, String podName) {
        var name = labels == null ? null : labels.get(DeploymentManifests.NAME_LABEL);
        return name == null ? "" : name;
    }

    /** The RAG model a runtime pod serves, by the label the rag reconciler puts on its pods; "" for other pods. */
    private static String ragModelOf(Map<String, String> labels) {
        return labels == null ? "" : orEmpty(labels.get(RagModel.MODEL_LABEL));
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
