package dev.converge.portal.builds;

import dev.converge.portal.shared.web.Forbidden;

/** Not a member of the team owning the namespace (or the artifact), or only allowed to read there. */
public final class BuildAccessDenied extends Forbidden {

    private BuildAccessDenied(String code, String namespace) {
        super(code, namespace);
    }

    public static BuildAccessDenied read(String namespace) {
        return new BuildAccessDenied("builds.error.forbidden.read", namespace);
    }

    public static BuildAccessDenied write(String namespace) {
        return new BuildAccessDenied("builds.error.forbidden.write", namespace);
    }
}
