package dev.converge.portal.trust;

import dev.converge.portal.shared.web.NotFound;

/** No scorecard of that name, or one of another team's: the same answer, so existence does not leak. */
final class TrustNotFound extends NotFound {

    private TrustNotFound(String namespace, String name) {
        super("trust.error.notFound", namespace, name);
    }

    static TrustNotFound named(String namespace, String name) {
        return new TrustNotFound(namespace, name);
    }
}
