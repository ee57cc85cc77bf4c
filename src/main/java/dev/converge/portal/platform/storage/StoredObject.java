package dev.converge.portal.platform.storage;

import java.time.Instant;

/**
 * An object and the metadata the portal records at upload. {@code sha256}, {@code uploadedBy} and {@code uploadedAt}
 * are null for objects written by other tools (or through a presigned PUT), which do not carry the portal's metadata.
 */
public record StoredObject(
        String key,
        long size,
        String sha256,
        String contentType,
        String uploadedBy,
        Instant uploadedAt,
        String etag,
        Instant lastModified) {
}
