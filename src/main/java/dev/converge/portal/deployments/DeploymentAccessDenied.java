package dev.converge.portal.deployments;

import java.util.Map;

import dev.converge.portal.shared.web.Forbidden;

/** The user may not do this in that namespace: not their team's, or they only view. */
public final class DeploymentAccessDenied extends Forbidden {

    private DeploymentAccessDenied(Map<String, String> fields, Map<String, Object[]> fieldArgs, String code,
                                   Object... args) {
        super(fields, fieldArgs, code, args);
    }

    public static DeploymentAccessDenied toChange(String namespace) {
        return new DeploymentAccessDenied(Map.of("namespace", "deployments.error.namespace.notYours"), Map.of(),
                "deployments.error.forbidden.change", namespace);
    }

    public static DeploymentAccessDenied toRead(String namespace) {
        return new DeploymentAccessDenied(Map.of(), Map.of(), "deployments.error.forbidden.read", namespace);
    }

    /** The same answer whether the named artifact exists or not, and without naming it. */
    static DeploymentAccessDenied toUseArtifact(String namespace, String team) {
        return new DeploymentAccessDenied(Map.of("modelUri", "deployments.error.modelUri.otherTeam"),
                Map.of("modelUri", new Object[] {team}), "deployments.error.forbidden.artifact", namespace, team);
    }

    /** {@code action} is {@code close} or {@code open}. */
    static DeploymentAccessDenied adminsOnly(String action) {
        return new DeploymentAccessDenied(Map.of(), Map.of(), "deployments.error.forbidden.zones." + action);
    }
}
