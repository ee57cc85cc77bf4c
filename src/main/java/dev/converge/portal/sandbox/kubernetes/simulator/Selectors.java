package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Label and node selector matching, done in memory because the CRUD mock API server ignores set-based selectors.
 */
final class Selectors {

    private Selectors() {
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        var actual = labels == null ? Map.<String, String>of() : labels;
        if (selector.getMatchLabels() != null) {
            for (var entry : selector.getMatchLabels().entrySet()) {
                if (!entry.getValue().equals(actual.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!matches(requirement.getOperator(), actual.get(requirement.getKey()),
                        actual.containsKey(requirement.getKey()), requirement.getValues())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The pod's {@code nodeSelector} and required node affinity, both of which a node must satisfy. */
    static boolean nodeMatches(Pod pod, Node node) {
        var labels = node.getMetadata().getLabels() == null ? Map.<String, String>of() : node.getMetadata().getLabels();
        var nodeSelector = pod.getSpec().getNodeSelector();
        if (nodeSelector != null) {
            for (var entry : nodeSelector.entrySet()) {
                if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        var terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        if (terms == null || terms.isEmpty()) {
            return true;
        }
        // Terms are ORed, the requirements inside one term ANDed.
        return terms.stream().anyMatch(term -> all(term.getMatchExpressions(), labels)
                && all(term.getMatchFields(), Map.of("metadata.name", node.getMetadata().getName())));
    }

    private static boolean all(List<NodeSelectorRequirement> requirements, Map<String, String> labels) {
        if (requirements == null) {
            return true;
        }
        for (var requirement : requirements) {
            if (!matches(requirement.getOperator(), labels.get(requirement.getKey()),
                    labels.containsKey(requirement.getKey()), requirement.getValues())) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String operator, String value, boolean present, List<String> values) {
        var allowed = values == null ? List.<String>of() : values;
        return switch (operator) {
            case "In" -> present && allowed.contains(value);
            case "NotIn" -> !present || !allowed.contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt" -> present && !allowed.isEmpty() && compare(value, allowed.get(0)) > 0;
            case "Lt" -> present && !allowed.isEmpty() && compare(value, allowed.get(0)) < 0;
            default -> false;
        };
    }

    private static int compare(String value, String bound) {
        try {
            return Long.compare(Long.parseLong(value), Long.parseLong(bound));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
