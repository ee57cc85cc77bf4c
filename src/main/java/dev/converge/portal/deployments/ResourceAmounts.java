package dev.converge.portal.deployments;

import java.math.BigDecimal;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * CPU (millicores), memory (bytes) and GPUs, as the scheduler adds them up; and the one reading of a Kubernetes
 * quantity a user types ({@link #positiveAmount}), which the cost estimator shares.
 */
public record ResourceAmounts(long cpuMillis, long memoryBytes, int gpus) {

    static final String GPU = "nvidia.com/gpu";
    static final ResourceAmounts NONE = new ResourceAmounts(0, 0, 0);

    ResourceAmounts plus(ResourceAmounts other) {
        return new ResourceAmounts(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes, gpus + other.gpus);
    }

    ResourceAmounts minus(ResourceAmounts other) {
        return new ResourceAmounts(cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes, gpus - other.gpus);
    }

    /** How many pods asking for {@code each} fit into this much room. */
    int howMany(ResourceAmounts each) {
        long fit = Long.MAX_VALUE;
        if (each.cpuMillis > 0) {
            fit = Math.min(fit, Math.max(0, cpuMillis) / each.cpuMillis);
        }
        if (each.memoryBytes > 0) {
            fit = Math.min(fit, Math.max(0, memoryBytes) / each.memoryBytes);
        }
        if (each.gpus > 0) {
            fit = Math.min(fit, Math.max(0, gpus) / each.gpus);
        }
        return (int) Math.min(fit, 10_000);
    }

    static ResourceAmounts allocatable(Node node) {
        var status = node.getStatus();
        return status == null ? NONE : of(status.getAllocatable());
    }

    /** What a pod's containers request (limits stand in for requests that are missing, as Kubernetes does). */
    public static ResourceAmounts requested(Pod pod) {
        var total = NONE;
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return total;
        }
        for (Container container : pod.getSpec().getContainers()) {
            var resources = container.getResources();
            if (resources == null) {
                continue;
            }
            var merged = new java.util.HashMap<String, Quantity>();
            if (resources.getLimits() != null) {
                merged.putAll(resources.getLimits());
            }
            if (resources.getRequests() != null) {
                merged.putAll(resources.getRequests());
            }
            total = total.plus(of(merged));
        }
        return total;
    }

    static ResourceAmounts of(Map<String, Quantity> quantities) {
        if (quantities == null) {
            return NONE;
        }
        return new ResourceAmounts(
                amount(quantities.get("cpu")).movePointRight(3).longValue(),
                amount(quantities.get("memory")).longValue(),
                amount(quantities.get(GPU)).intValue());
    }

    /**
     * A quantity as typed in a spec ({@code "500m"}, {@code "16Gi"}) in cores or bytes, when it is valid and above
     * zero; empty otherwise. Memory in millibytes ({@code "512m"}) is refused: always a typo for Mi.
     */
    public static java.util.Optional<BigDecimal> positiveAmount(String text, boolean memory) {
        try {
            var quantity = Quantity.parse(text);
            if (memory && quantity.getFormat() != null && quantity.getFormat().equals("m")) {
                return java.util.Optional.empty();
            }
            var amount = Quantity.getAmountInBytes(quantity);
            return amount.signum() > 0 ? java.util.Optional.of(amount) : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    static BigDecimal amount(Quantity quantity) {
        if (quantity == null) {
            return BigDecimal.ZERO;
        }
        try {
            return Quantity.getAmountInBytes(quantity);
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
    }
}
