package dev.converge.portal.builds;

import dev.converge.portal.shared.web.Conflict;

/** The build cannot do that in its current state, or its name is taken. */
public final class BuildConflict extends Conflict {

    private BuildConflict(String code, Object... args) {
        super(code, args);
    }

    public static BuildConflict exists(String namespace, String name) {
        return new BuildConflict("builds.error.exists", namespace, name);
    }

    public static BuildConflict notActive(String namespace, String name) {
        return new BuildConflict("builds.error.notActive", namespace, name);
    }
}
