package dev.converge.portal.sandbox.kubernetes.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

/**
 * The simulated kube-scheduler: binds each pending pod to a node that satisfies its node selector, required node
 * affinity, topology spread constraints ({@code DoNotSchedule}) and resource requests. A pod that fits nowhere stays
 * Pending with a {@code FailedScheduling} event worded like the real scheduler's, and is tried again once something
 * on the nodes has changed.
 */
final class PodScheduler {

    static final String COMPONENT = "default-scheduler";
    private static final Duration RETRY_ANYWAY = Duration.ofSeconds(10);

    private record Failure(String message, long epoch, Instant at) {
    }

    private final ObjectView<Pod> pods;
    private final ObjectView<Node> nodes;
    private final NodeAllocations allocations;
    private final ApiWriter writer;
    private final EventRecorder events;
    private final Clock clock;
    private final Set<String> pending = new LinkedHashSet<>();
    private final Map<String, Failure> failures = new HashMap<>();

    PodScheduler(ObjectView<Pod> pods, ObjectView<Node> nodes, NodeAllocations allocations, ApiWriter writer,
            EventRecorder events, Clock clock) {
        this.pods = pods;
        this.nodes = nodes;
        this.allocations = allocations;
        this.writer = writer;
        this.events = events;
        this.clock = clock;
    }

    /** Notes a pod that may need a node. */
    void podChanged(Pod pod) {
        var key = Pods.key(pod);
        if (!Pods.isBound(pod) && Pods.isActive(pod) && pod.getSpec() != null) {
            pending.add(key);
        } else {
            pending.remove(key);
            failures.remove(key);
        }
    }

    void podDeleted(String key) {
        pending.remove(key);
        failures.remove(key);
    }

    boolean hasWork() {
        return pending.stream().anyMatch(key -> due(failures.get(key)));
    }

    /** Tries every pending pod once; returns the pods it bound. */
    List<Pod> schedulePending() {
        var bound = new ArrayList<Pod>();
        if (pending.isEmpty()) {
            return bound;
        }
        var nodeList = nodes.all().stream()
                .filter(PodScheduler::isReady)
                .sorted(Comparator.comparing(node -> node.getMetadata().getName()))
                .toList();
        var spread = new SpreadCounts(pods, nodeList);
        for (var key : List.copyOf(pending)) {
            var failure = failures.get(key);
            if (!due(failure)) {
                continue;
            }
            var pod = pods.get(key);
            if (pod == null || Pods.isBound(pod) || !Pods.isActive(pod)) {
                pending.remove(key);
                failures.remove(key);
                continue;
            }
            var decision = decide(pod, nodeList, spread);
            if (decision.node() != null) {
                var result = bind(pod, decision.node());
                if (result != null) {
                    spread.bound(result, decision.node());
                    allocations.account(result);
                    bound.add(result);
                }
                pending.remove(key);
                failures.remove(key);
            } else {
                unschedulable(pod, decision.message(), failure);
            }
        }
        return bound;
    }

    private boolean due(Failure failure) {
        return failure == null || failure.epoch() != allocations.epoch()
                || Instant.now(clock).isAfter(failure.at().plus(RETRY_ANYWAY));
    }

    record Decision(Node node, String message) {
    }

    Decision decide(Pod pod, List<Node> nodeList, SpreadCounts spread) {
        var request = Resources.requestsOf(pod);
        var reasons = new TreeMap<String, Integer>();
        var eligible = nodeList.stream().filter(node -> Selectors.nodeMatches(pod, node)).toList();
        var eligibleNames = eligible.stream().map(node -> node.getMetadata().getName()).collect(java.util.stream.Collectors.toSet());
        Node best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (var node : nodeList) {
            var reason = !eligibleNames.contains(node.getMetadata().getName()) ? List.of("node(s) didn't match Pod's node affinity/selector")
                    : spreadViolation(pod, node, eligible, spread);
            if (reason.isEmpty()) {
                var free = Resources.of(node.getStatus().getAllocatable()).minus(allocations.used(node.getMetadata().getName()));
                reason = free.shortfallFor(request).stream().map(name -> "Insufficient " + name).toList();
                if (reason.isEmpty()) {
                    var score = score(node, free, request);
                    if (score > bestScore) {
                        bestScore = score;
                        best = node;
                    }
                }
            }
            reason.forEach(text -> reasons.merge(text, 1, Integer::sum));
        }
        if (best != null) {
            return new Decision(best, null);
        }
        var message = new StringBuilder("0/").append(nodeList.size()).append(" nodes are available");
        if (!reasons.isEmpty()) {
            message.append(": ");
            var parts = new ArrayList<String>();
            reasons.forEach((text, count) -> parts.add(count + " " + text));
            // kube-scheduler sorts the counted reasons as strings.
            java.util.Collections.sort(parts);
            message.append(String.join(", ", parts));
        }
        return new Decision(null, message.append('.').toString());
    }

    /** Least-allocated placement, keeping GPU nodes free for pods that need GPUs. */
    private static double score(Node node, Resources free, Resources request) {
        var allocatable = Resources.of(node.getStatus().getAllocatable());
        double cpu = allocatable.cpuMillis() == 0 ? 0 : (double) (free.cpuMillis() - request.cpuMillis()) / allocatable.cpuMillis();
        double memory = allocatable.memoryBytes() == 0 ? 0
                : (double) (free.memoryBytes() - request.memoryBytes()) / allocatable.memoryBytes();
        double gpuPenalty = allocatable.gpus() > 0 && request.gpus() == 0 ? 1.0 : 0.0;
        return cpu + memory - gpuPenalty;
    }

    private static List<String> spreadViolation(Pod pod, Node node, List<Node> eligible, SpreadCounts spread) {
        var constraints = pod.getSpec().getTopologySpreadConstraints();
        if (constraints == null) {
            return List.of();
        }
        for (TopologySpreadConstraint constraint : constraints) {
            if (!"DoNotSchedule".equals(constraint.getWhenUnsatisfiable())) {
                continue;
            }
            var domain = Pods.labels(node).get(constraint.getTopologyKey());
            if (domain == null) {
                return List.of("node(s) didn't match pod topology spread constraints (missing required label)");
            }
            var counts = spread.counts(pod, constraint, eligible);
            int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            int self = Selectors.matches(constraint.getLabelSelector(), Pods.labels(pod)) ? 1 : 0;
            int skew = counts.getOrDefault(domain, 0) + self - min;
            int maxSkew = constraint.getMaxSkew() == null ? 1 : constraint.getMaxSkew();
            if (skew > maxSkew) {
                return List.of("node(s) didn't match pod topology spread constraints");
            }
        }
        return List.of();
    }

    private Pod bind(Pod pod, Node node) {
        var nodeName = node.getMetadata().getName();
        var now = Instant.now(clock).toString();
        var bound = writer.update(pods, pod, copy -> {
            copy.getSpec().setNodeName(nodeName);
            setCondition(copy, new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                    .withLastTransitionTime(now).build());
            copy.getStatus().setPhase("Pending");
            return copy;
        }, false);
        if (bound != null) {
            events.normal(bound, COMPONENT, "Scheduled", "Successfully assigned " + Pods.key(bound) + " to " + nodeName);
        }
        return bound;
    }

    private void unschedulable(Pod pod, String message, Failure previous) {
        var key = Pods.key(pod);
        var now = Instant.now(clock);
        failures.put(key, new Failure(message, allocations.epoch(), now));
        if (previous != null && previous.message().equals(message)
                && now.isBefore(previous.at().plus(RETRY_ANYWAY))) {
            return;
        }
        writer.update(pods, pod, copy -> {
            setCondition(copy, new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                    .withReason("Unschedulable").withMessage(message).withLastTransitionTime(now.toString()).build());
            copy.getStatus().setPhase("Pending");
            return copy;
        }, true);
        events.warning(pod, COMPONENT, "FailedScheduling", message);
    }

    static void setCondition(Pod pod, PodCondition condition) {
        if (pod.getStatus() == null) {
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        var conditions = new ArrayList<>(pod.getStatus().getConditions() == null ? List.<PodCondition>of()
                : pod.getStatus().getConditions());
        conditions.removeIf(existing -> condition.getType().equals(existing.getType()));
        conditions.add(condition);
        pod.getStatus().setConditions(conditions);
    }

    private static boolean isReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                && (node.getSpec() == null || !Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
    }
}
