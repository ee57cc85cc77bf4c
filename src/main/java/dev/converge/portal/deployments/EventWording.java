package dev.converge.portal.deployments;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Kubernetes event messages in plain words. The scheduler's "0/12 nodes are available: 3 Insufficient
 * nvidia.com/gpu, ..." becomes "No node in zone-b has 2 free nvidia-l4 GPUs", using what the pod asked for.
 */
final class EventWording {

    private EventWording() {
    }

    static String plain(String reason, String message, Pod pod) {
        if (message == null) {
            return reason;
        }
        return switch (reason == null ? "" : reason) {
            case "FailedScheduling" -> unschedulable(message, pod);
            case "Scheduled" -> message.replaceFirst("^Successfully assigned \\S+ to ", "Placed on node ");
            case "Killing" -> "Stopped the server (replaced by a newer pod, scaled down or deleted).";
            case "BackOff" -> "The server keeps crashing; Kubernetes waits longer before each restart.";
            case "Unhealthy" -> "A health check failed: " + message;
            case "FailedMount" -> "A volume could not be mounted (a missing Secret?): " + message;
            default -> message;
        };
    }

    private static String unschedulable(String message, Pod pod) {
        var where = pod == null ? "any zone" : zonesOf(pod);
        var requested = pod == null ? ResourceAmounts.NONE : ResourceAmounts.requested(pod);
        var parts = new ArrayList<String>();
        if (message.contains("Insufficient nvidia.com/gpu")) {
            var type = pod == null || pod.getSpec().getNodeSelector() == null ? null
                    : pod.getSpec().getNodeSelector().get(Zones.GPU_PRODUCT_LABEL);
            parts.add(requested.gpus() + " free " + (type == null ? "" : type + " ")
                    + (requested.gpus() == 1 ? "GPU" : "GPUs"));
        }
        if (message.contains("Insufficient cpu")) {
            parts.add(requested.cpuMillis() + "m of CPU free");
        }
        if (message.contains("Insufficient memory")) {
            parts.add(requested.memoryBytes() / (1024 * 1024) + " MiB of memory free");
        }
        if (!parts.isEmpty()) {
            return "No node in " + where + " has " + String.join(" and ", parts) + ".";
        }
        if (message.contains("topology spread")) {
            return "Another pod here would spread unevenly over " + where + "; it waits until a zone has room.";
        }
        if (message.contains("affinity") || message.contains("selector")) {
            return "No node matches what the pod asks for (zones " + where + ", GPU type).";
        }
        return "No node can take this pod: " + message;
    }

    private static String zonesOf(Pod pod) {
        var zones = new ArrayList<String>();
        var affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        if (affinity != null && affinity.getNodeAffinity() != null
                && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()
                    .forEach(term -> term.getMatchExpressions().stream()
                            .filter(e -> Zones.ZONE_LABEL.equals(e.getKey()))
                            .forEach(e -> zones.addAll(e.getValues())));
        }
        return zones.isEmpty() ? "any zone" : join(zones);
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }
}
