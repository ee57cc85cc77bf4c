package dev.converge.portal.artifacts;

import java.time.Instant;

import dev.converge.portal.shared.web.ByteSizes;

/** A line of the artifact list; S3 listings carry no user metadata, the detail ({@link Artifact}) has it. */
public record ArtifactSummary(String key, String namespace, String name, String version, String file, long size,
        Instant lastModified) {

    /** The size as people read it, "2.0 MiB" (not a JSON property: the API gives {@code size} in bytes). */
    public String readableSize() {
        return ByteSizes.readable(size);
    }
}
