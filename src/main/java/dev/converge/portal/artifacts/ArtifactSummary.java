package dev.converge.portal.artifacts;

import java.time.Instant;

/** A line of the artifact list; S3 listings carry no user metadata, the detail ({@link Artifact}) has it. */
public record ArtifactSummary(String key, String namespace, String name, String version, String file, long size,
        Instant lastModified) {
}
