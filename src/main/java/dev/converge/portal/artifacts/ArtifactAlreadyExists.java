package dev.converge.portal.artifacts;

import dev.converge.portal.shared.web.Conflict;

/**
 * An artifact version is written once: builds record its SHA-256, so its content must never change under them.
 */
public final class ArtifactAlreadyExists extends Conflict {

    private ArtifactAlreadyExists(String key) {
        super("artifacts.error.exists", key);
    }

    public static ArtifactAlreadyExists key(String key) {
        return new ArtifactAlreadyExists(key);
    }
}
