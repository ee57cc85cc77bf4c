package dev.converge.portal.deployments;

import java.time.Instant;

/** One applied spec: what was applied, by whom, when, by which action, and the resource version it produced. */
public record DeploymentRevision(int revision, DeploymentSpec spec, String resourceVersion, String appliedBy,
                                 Instant appliedAt, String action) {
}
