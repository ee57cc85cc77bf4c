package dev.converge.portal.platform.storage;

import java.time.Instant;

/** One line of a listing. S3 listings carry no user metadata: {@link ArtifactStore#stat} gives the full record. */
public record ObjectSummary(String key, long size, String etag, Instant lastModified) {
}
