package dev.converge.portal.deployments;

import java.util.Map;

/** A deployment of that name already exists in the namespace. */
public final class DeploymentAlreadyExists extends DeploymentProblem {

    private DeploymentAlreadyExists(String message) {
        super(409, message, Map.of("name", "a deployment with this name already exists in this namespace"), null);
    }

    public static DeploymentAlreadyExists named(String namespace, String name) {
        return new DeploymentAlreadyExists("Deployment " + namespace + "/" + name + " already exists.");
    }
}
