package dev.converge.portal.deployments;

import java.time.Instant;

/** A zone an admin closed to new deployments; existing workloads there keep running. */
public record ZoneClosure(String zone, String reason, String closedBy, Instant closedAt) {
}
