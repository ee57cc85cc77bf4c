package dev.converge.portal.deployments;

import dev.converge.portal.shared.web.NotFound;

final class ZoneNotFound extends NotFound {

    private ZoneNotFound(String zone) {
        super("deployments.error.zoneNotFound", zone);
    }

    static ZoneNotFound named(String zone) {
        return new ZoneNotFound(zone);
    }
}
