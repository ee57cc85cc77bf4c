package dev.converge.portal.deployments;

import java.util.Map;

/** The spec has fields that cannot be deployed; each is named with what is wrong. */
public final class InvalidDeployment extends DeploymentProblem {

    private InvalidDeployment(String message, Map<String, String> errors) {
        super(400, message, errors, null);
    }

    public static InvalidDeployment fields(Map<String, String> errors) {
        return new InvalidDeployment(errors.size() == 1 ? "One field needs attention."
                : errors.size() + " fields need attention.", errors);
    }

    public static InvalidDeployment field(String field, String message) {
        return fields(Map.of(field, message));
    }
}
