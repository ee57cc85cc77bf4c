package dev.converge.portal.deployments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the scheduler cannot place a deployment's pods, in words and in the units the user wrote the spec in ("10Ti of
 * memory", not "10485760 MiB"), beside the most any node that could take it has free, so the user sees how far off
 * the request is.
 */
final class SchedulingReason {

    private static final String[] BINARY_UNITS = {"Ki", "Mi", "Gi", "Ti", "Pi"};

    private SchedulingReason() {
    }

    /**
     * @param message the scheduler's message (the pod's {@code PodScheduled} condition)
     * @param largest the most free on one node, per resource, among the nodes the spec allows
     */
    static String words(String message, DeploymentSpec spec, ResourceAmounts largest) {
        var resources = spec.withDefaults().resources();
        var zones = spec.zones() == null || DeploymentSpec.Placement.ANY.equals(spec.zones().strategy())
                || spec.zones().zones().isEmpty() ? List.<String>of() : spec.zones().zones();
        var parts = new ArrayList<String>();
        var text = message == null ? "" : message;
        if (text.contains("Insufficient nvidia.com/gpu")) {
            var type = resources.gpuType() == null || resources.gpuType().isBlank() ? "" : resources.gpuType() + " ";
            parts.add(resources.gpus() + " free " + type + (resources.gpus() == 1 ? "GPU" : "GPUs")
                    + " (the largest has " + Math.max(0, largest.gpus()) + ")");
        }
        if (text.contains("Insufficient cpu")) {
            parts.add(resources.cpu() + (resources.cpu().endsWith("m") ? " of CPU" : " CPUs") + " free (the largest has "
                    + cpu(largest.cpuMillis()) + ")");
        }
        if (text.contains("Insufficient memory")) {
            parts.add(resources.memory() + " of memory free (the largest has " + bytes(largest.memoryBytes()) + ")");
        }
        if (!parts.isEmpty()) {
            return (zones.isEmpty() ? "No zone has a node with " : "No node in " + join(zones) + " has ")
                    + String.join(" and ", parts) + ".";
        }
        if (text.contains("topology spread")) {
            return "Another pod here would spread unevenly over " + (zones.isEmpty() ? "the zones" : join(zones))
                    + "; it waits until a zone has room.";
        }
        if (text.contains("affinity") || text.contains("selector")) {
            return "No node matches what the pod asks for (" + (zones.isEmpty() ? "any zone"
                    : (zones.size() == 1 ? "zone " : "zones ") + join(zones)) + ", GPU type).";
        }
        return "No node can take this pod: " + text;
    }

    private static String cpu(long millis) {
        var value = Math.max(0, millis);
        return value % 1000 == 0 ? String.valueOf(value / 1000) : value + "m";
    }

    /** The largest binary unit the amount reaches, with at most one decimal ("1.5Ti", "512Gi"). */
    static String bytes(long amount) {
        var value = BigDecimal.valueOf(Math.max(0, amount));
        var unit = "";
        for (var next : BINARY_UNITS) {
            if (value.compareTo(BigDecimal.valueOf(1024)) < 0) {
                break;
            }
            value = value.divide(BigDecimal.valueOf(1024));
            unit = next;
        }
        return value.setScale(1, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + unit;
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }
}
