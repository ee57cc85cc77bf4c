package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

/**
 * Matching pods per topology domain, computed once per scheduling pass and per (namespace, constraint) and then kept
 * current as the pass binds pods, so spreading many pods costs one scan of their namespace, not one per pod.
 */
final class SpreadCounts {

    private record Key(String namespace, String topologyKey, String selector) {
    }

    private final ObjectView<Pod> pods;
    private final Map<Key, Map<String, Integer>> counts = new HashMap<>();
    private final Map<Key, TopologySpreadConstraint> constraints = new HashMap<>();
    private final Map<String, Map<String, String>> nodeLabels = new HashMap<>();

    SpreadCounts(ObjectView<Pod> pods, List<Node> nodes) {
        this.pods = pods;
        nodes.forEach(node -> nodeLabels.put(node.getMetadata().getName(), Pods.labels(node)));
    }

    /** Counts by domain, with every eligible domain present (zero when it has no matching pod). */
    Map<String, Integer> counts(Pod pod, TopologySpreadConstraint constraint, List<Node> eligible) {
        var key = key(pod.getMetadata().getNamespace(), constraint);
        var byDomain = counts.computeIfAbsent(key, any -> {
            constraints.put(key, constraint);
            return scan(key, constraint);
        });
        var result = new HashMap<String, Integer>();
        for (var node : eligible) {
            var domain = Pods.labels(node).get(constraint.getTopologyKey());
            if (domain != null) {
                result.put(domain, byDomain.getOrDefault(domain, 0));
            }
        }
        return result;
    }

    void bound(Pod pod, Node node) {
        counts.forEach((key, byDomain) -> {
            if (key.namespace().equals(pod.getMetadata().getNamespace())
                    && Selectors.matches(constraints.get(key).getLabelSelector(), Pods.labels(pod))) {
                var domain = Pods.labels(node).get(key.topologyKey());
                if (domain != null) {
                    byDomain.merge(domain, 1, Integer::sum);
                }
            }
        });
    }

    private Map<String, Integer> scan(Key key, TopologySpreadConstraint constraint) {
        var byDomain = new HashMap<String, Integer>();
        for (var cached : pods.byNamespace(key.namespace())) {
            var pod = pods.get(Pods.key(cached));
            if (pod == null || !Pods.isBound(pod) || !Pods.isActive(pod)
                    || !Selectors.matches(constraint.getLabelSelector(), Pods.labels(pod))) {
                continue;
            }
            var labels = nodeLabels.get(pod.getSpec().getNodeName());
            var domain = labels == null ? null : labels.get(constraint.getTopologyKey());
            if (domain != null) {
                byDomain.merge(domain, 1, Integer::sum);
            }
        }
        return byDomain;
    }

    private static Key key(String namespace, TopologySpreadConstraint constraint) {
        return new Key(namespace, constraint.getTopologyKey(), String.valueOf(constraint.getLabelSelector()));
    }
}
