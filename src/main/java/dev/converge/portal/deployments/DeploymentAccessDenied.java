package dev.converge.portal.deployments;

import java.util.Map;

/** The user may not do this in that namespace: not their team's, or they only view. */
public final class DeploymentAccessDenied extends DeploymentProblem {

    private DeploymentAccessDenied(String message, Map<String, String> errors) {
        super(403, message, errors, null);
    }

    public static DeploymentAccessDenied toChange(String namespace) {
        return new DeploymentAccessDenied("You may not change deployments in namespace " + namespace
                + ": it belongs to another team, or your role only lets you read.",
                Map.of("namespace", "not one of your teams' namespaces you may deploy to"));
    }

    public static DeploymentAccessDenied toRead(String namespace) {
        return new DeploymentAccessDenied("You may not see deployments in namespace " + namespace + ".", Map.of());
    }

    /** The same answer whether the named artifact exists or not, and without naming it. */
    public static DeploymentAccessDenied toUseArtifact(String namespace, String team) {
        return new DeploymentAccessDenied("A deployment in namespace " + namespace + " may only run artifacts of its"
                + " own team " + team + ".", Map.of("modelUri", "choose an artifact under teams/" + team + "/"));
    }

    public static DeploymentAccessDenied adminsOnly(String what) {
        return new DeploymentAccessDenied("Only admins may " + what + ".", Map.of());
    }
}
