package dev.converge.portal.deployments;

import java.time.Instant;
import java.util.List;

/**
 * One row of the deployments list: ready of desired replicas and the {@link DeploymentState} they add up to (as a
 * {@link DeploymentRow}, the same object the live stream renders), why it is {@code Unschedulable} ({@code reason},
 * in words; null otherwise), the zones its pods actually run in, image, age and owning team.
 */
public record DeploymentSummary(
        String namespace,
        String name,
        int ready,
        int desired,
        String state,
        String reason,
        List<String> zones,
        String image,
        boolean imagePinned,
        Instant createdAt,
        String team) {

    /** Without a reason: any state but {@code Unschedulable}. */
    public DeploymentSummary(String namespace, String name, int ready, int desired, String state, List<String> zones,
                             String image, boolean imagePinned, Instant createdAt, String team) {
        this(namespace, name, ready, desired, state, null, zones, image, imagePinned, createdAt, team);
    }

    public DeploymentRow row() {
        return new DeploymentRow(namespace, name, ready, desired, state, reason, false);
    }
}
