package dev.converge.portal.deployments;

import java.util.Map;

public final class DeploymentNotFound extends DeploymentProblem {

    private DeploymentNotFound(String message) {
        super(404, message, Map.of(), null);
    }

    public static DeploymentNotFound named(String namespace, String name) {
        return new DeploymentNotFound("Deployment " + namespace + "/" + name + " does not exist.");
    }

    public static DeploymentNotFound pod(String namespace, String name, String pod) {
        return new DeploymentNotFound("Deployment " + namespace + "/" + name + " has no pod " + pod + ".");
    }

    public static DeploymentNotFound noPreviousRevision(String namespace, String name) {
        return new DeploymentNotFound("Deployment " + namespace + "/" + name
                + " has no earlier revision to roll back to.");
    }
}
