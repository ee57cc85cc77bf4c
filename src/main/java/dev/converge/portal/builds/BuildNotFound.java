package dev.converge.portal.builds;

import dev.converge.portal.shared.web.NotFound;

/** No build pod of that name in that namespace (it may have been deleted, also behind the portal's back). */
public final class BuildNotFound extends NotFound {

    private BuildNotFound(String namespace, String name) {
        super("builds.error.notFound", namespace, name);
    }

    public static BuildNotFound named(String namespace, String name) {
        return new BuildNotFound(namespace, name);
    }
}
