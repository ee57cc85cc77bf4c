package dev.converge.portal.deployments;

import java.util.Map;

final class ZoneNotFound extends DeploymentProblem {

    private ZoneNotFound(String message) {
        super(404, message, Map.of(), null);
    }

    public static ZoneNotFound named(String zone) {
        return new ZoneNotFound("There is no zone " + zone + " in the cluster.");
    }
}
