package dev.converge.portal.artifacts;

import java.time.Instant;

import dev.converge.portal.shared.web.ByteSizes;

import dev.converge.portal.platform.storage.StoredObject;

/**
 * An artifact with the metadata recorded at upload. {@code sha256}, {@code uploadedBy} and {@code uploadedAt} are
 * null for objects another tool wrote, which builds refuse (nothing to check them against).
 */
public record Artifact(String key, String namespace, String name, String version, String file, String sha256,
        long size, String contentType, String uploadedBy, Instant uploadedAt) {

    static Artifact of(ArtifactKey key, String namespace, StoredObject object) {
        return new Artifact(key.key(), namespace, key.name(), key.version(), key.file(), object.sha256(),
                object.size(), object.contentType(), object.uploadedBy(),
                object.uploadedAt() != null ? object.uploadedAt() : object.lastModified());
    }

    /** The size as people read it, "2.0 MiB" (not a JSON property: the API gives {@code size} in bytes). */
    public String readableSize() {
        return ByteSizes.readable(size);
    }
}
