package dev.converge.portal.artifacts;

import dev.converge.portal.shared.web.Forbidden;

/** The user is not in the team owning the artifact, or may only read there. */
public final class ArtifactAccessDenied extends Forbidden {

    private ArtifactAccessDenied(String code, String namespace) {
        super(code, namespace);
    }

    public static ArtifactAccessDenied read(String namespace) {
        return new ArtifactAccessDenied("artifacts.error.forbidden.read", namespace);
    }

    public static ArtifactAccessDenied write(String namespace) {
        return new ArtifactAccessDenied("artifacts.error.forbidden.write", namespace);
    }
}
