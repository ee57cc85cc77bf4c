package dev.converge.portal.builds;

import java.util.Map;

import dev.converge.portal.shared.web.InvalidInput;

/** A status in the URL that is none of pending, running, succeeded, failed, unknown or all. */
final class UnknownBuildStatus extends InvalidInput {

    private UnknownBuildStatus(String value) {
        super(Map.of("build_status", "builds.error.status"), "builds.error.status.detail", value,
                String.join(", ", BuildStatus.filterValues()));
    }

    static UnknownBuildStatus of(String value) {
        return new UnknownBuildStatus(value);
    }
}
