package dev.converge.portal.artifacts;

import dev.converge.portal.shared.web.NotFound;

/** No artifact under that key. */
public final class ArtifactNotFound extends NotFound {

    private ArtifactNotFound(String key) {
        super("artifacts.error.notFound", key);
    }

    public static ArtifactNotFound key(String key) {
        return new ArtifactNotFound(key);
    }
}
