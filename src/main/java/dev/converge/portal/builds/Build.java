package dev.converge.portal.builds;

import java.time.Instant;

/**
 * A build as lists and the JSON API show it, read from its pod. {@code status} is the pod phase; {@code message}
 * says why it is pending or failed (scheduling, the artifact check, the build's exit code, the deadline).
 */
public record Build(String namespace, String name, BuildStatus status, String artifact, String sha256,
        String baseImage, String createdBy, Instant createdAt, Instant startedAt, Instant finishedAt,
        Long durationSeconds, String node, String zone, String message, String retryOf, String image, String cancelledBy,
        Instant cancelledAt) {

    public String eventName() {
        return "build-row-" + namespace + "-" + name;
    }

    public boolean active() {
        return !status.finished();
    }
}
