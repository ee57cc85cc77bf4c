package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What the bound, unfinished pods request on each node, kept up to date pod by pod so the scheduler never sums over
 * all pods. The epoch changes whenever anything moves, which tells the scheduler an unschedulable pod may fit now.
 */
final class NodeAllocations {

    private record Placement(String node, Resources requests) {
    }

    private final Map<String, Placement> placements = new HashMap<>();
    private final Map<String, Resources> usedByNode = new HashMap<>();
    private long epoch;

    /** Takes the pod's current state into account (or out of it when it is finished or unbound). */
    void account(Pod pod) {
        var key = Pods.key(pod);
        var placement = Pods.isBound(pod) && Pods.isActive(pod)
                ? new Placement(pod.getSpec().getNodeName(), Resources.requestsOf(pod))
                : null;
        var previous = placement == null ? placements.remove(key) : placements.put(key, placement);
        if (java.util.Objects.equals(previous, placement)) {
            return;
        }
        if (previous != null) {
            usedByNode.merge(previous.node(), previous.requests(), Resources::minus);
        }
        if (placement != null) {
            usedByNode.merge(placement.node(), placement.requests(), Resources::plus);
        }
        epoch++;
    }

    void forget(String podKey) {
        var previous = placements.remove(podKey);
        if (previous != null) {
            usedByNode.merge(previous.node(), previous.requests(), Resources::minus);
            epoch++;
        }
    }

    Resources used(String node) {
        return usedByNode.getOrDefault(node, Resources.NONE);
    }

    void nodesChanged() {
        epoch++;
    }

    long epoch() {
        return epoch;
    }
}
