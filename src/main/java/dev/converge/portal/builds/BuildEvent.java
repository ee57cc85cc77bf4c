package dev.converge.portal.builds;

import java.time.Instant;

/** A Kubernetes event about the build pod. */
public record BuildEvent(Instant at, String type, String reason, String message, int count) {
}
