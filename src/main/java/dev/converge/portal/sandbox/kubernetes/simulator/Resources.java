package dev.converge.portal.sandbox.kubernetes.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

/** The three resources the simulated scheduler counts: CPU (millicores), memory (bytes) and GPUs. */
record Resources(long cpuMillis, long memoryBytes, long gpus) {

    static final String GPU = "nvidia.com/gpu";
    static final Resources NONE = new Resources(0, 0, 0);

    static Resources of(Map<String, Quantity> quantities) {
        if (quantities == null || quantities.isEmpty()) {
            return NONE;
        }
        return new Resources(
                millis(quantities.get("cpu")),
                amount(quantities.get("memory")),
                amount(quantities.get(GPU)));
    }

    /**
     * What a container asks for: its requests, with limits standing in for requests that are absent (as the API
     * server defaults them).
     */
    static Resources requestsOf(Container container) {
        var resources = container.getResources();
        if (resources == null) {
            return NONE;
        }
        var requests = Resources.of(resources.getRequests());
        var limits = Resources.of(resources.getLimits());
        return new Resources(
                requests.cpuMillis > 0 ? requests.cpuMillis : limits.cpuMillis,
                requests.memoryBytes > 0 ? requests.memoryBytes : limits.memoryBytes,
                requests.gpus > 0 ? requests.gpus : limits.gpus);
    }

    /** The effective request of a pod: the sum of its containers, or its largest init container when that is more. */
    static Resources requestsOf(Pod pod) {
        var spec = pod.getSpec();
        if (spec == null) {
            return NONE;
        }
        var sum = NONE;
        for (var container : spec.getContainers()) {
            sum = sum.plus(requestsOf(container));
        }
        for (var init : spec.getInitContainers()) {
            sum = sum.max(requestsOf(init));
        }
        return sum;
    }

    Resources plus(Resources other) {
        return new Resources(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes, gpus + other.gpus);
    }

    Resources minus(Resources other) {
        return new Resources(cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes, gpus - other.gpus);
    }

    Resources max(Resources other) {
        return new Resources(Math.max(cpuMillis, other.cpuMillis), Math.max(memoryBytes, other.memoryBytes),
                Math.max(gpus, other.gpus));
    }

    /** The resource names, kube-scheduler style, for which {@code request} does not fit into this free amount. */
    List<String> shortfallFor(Resources request) {
        var missing = new ArrayList<String>(3);
        if (request.cpuMillis > cpuMillis) {
            missing.add("cpu");
        }
        if (request.memoryBytes > memoryBytes) {
            missing.add("memory");
        }
        if (request.gpus > gpus) {
            missing.add(GPU);
        }
        return missing;
    }

    private static long millis(Quantity quantity) {
        return quantity == null ? 0 : quantity.getNumericalAmount().multiply(BigDecimal.valueOf(1000)).longValue();
    }

    private static long amount(Quantity quantity) {
        return quantity == null ? 0 : quantity.getNumericalAmount().longValue();
    }
}
