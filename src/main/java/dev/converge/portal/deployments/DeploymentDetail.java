package dev.converge.portal.deployments;

import java.time.Instant;
import java.util.List;

/**
 * Everything the detail page and {@code GET /deployments/{namespace}/{name}} show. {@code resourceVersion} is what
 * an update must carry back.
 */
public record DeploymentDetail(
        DeploymentSummary summary,
        DeploymentSpec spec,
        String resourceVersion,
        String endpoint,
        Rollout rollout,
        Autoscaler autoscaler,
        List<PodView> pods,
        List<EventView> events,
        List<DeploymentRevision> revisions) {

    /** How far the current rollout is: pods of the newest template, ready and available, of the desired count. */
    public record Rollout(int desired, int updated, int ready, int available, boolean complete, String message) {
    }

    public record Autoscaler(int minReplicas, int maxReplicas, Integer targetCpuUtilization, Integer currentReplicas) {
    }

    public record PodView(String name, String node, String zone, String phase, boolean ready, int restarts,
                          String reason, Instant startedAt) {
    }

    /** An event with its message in plain words; {@code detail} keeps Kubernetes' own wording. */
    public record EventView(Instant at, String type, String reason, String object, String message, String detail,
                            int count) {
    }
}
