package dev.converge.portal.deployments;

import java.util.Map;

/** A deployment of that name already exists in the namespace. */
public final class DeploymentAlreadyExists extends DeploymentProblem {

    private DeploymentAlreadyExists(String message) {
        this(message, "a deployment with this name already exists in this namespace");
    }

    private DeploymentAlreadyExists(String message, String nameError) {
        super(409, message, Map.of("name", nameError), null);
    }

    /** A Service or autoscaler of the name exists that the portal did not make: it is left alone. */
    public static DeploymentAlreadyExists nameTakenBy(String namespace, String name, String kind) {
        return new DeploymentAlreadyExists("A " + kind + " named " + name + " that the portal did not make exists in"
                + " namespace " + namespace + "; the deployment was not created.",
                "a " + kind + " of this name exists in this namespace that the portal did not make");
    }

    public static DeploymentAlreadyExists named(String namespace, String name) {
        return new DeploymentAlreadyExists("Deployment " + namespace + "/" + name + " already exists.");
    }
}
