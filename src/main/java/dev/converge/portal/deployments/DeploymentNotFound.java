package dev.converge.portal.deployments;

import java.util.Map;

final class DeploymentNotFound extends DeploymentProblem {

    private DeploymentNotFound(String message) {
        super(404, message, Map.of(), null);
    }

    public static DeploymentNotFound named(String namespace, String name) {
        return new DeploymentNotFound("Deployment " + namespace + "/" + name + " does not exist.");
    }

    /** The Deployment is gone but the portal's Service or autoscaler of that name is left: deleting removes them. */
    public static DeploymentNotFound leftOver(String namespace, String name, java.util.List<String> kinds) {
        return new DeploymentNotFound("Deployment " + namespace + "/" + name + " does not exist, but its "
                + String.join(" and ", kinds) + " were left behind by a create or delete that did not finish."
                + " Delete the deployment to remove them.");
    }

    /** A concurrent delete removed the Deployment while this request was changing it. */
    public static DeploymentNotFound deletedMeanwhile(String namespace, String name) {
        return new DeploymentNotFound("Deployment " + namespace + "/" + name
                + " was deleted by someone else while this change was being made; nothing of the change is left.");
    }

    public static DeploymentNotFound pod(String namespace, String name, String pod) {
        return new DeploymentNotFound("Deployment " + namespace + "/" + name + " has no pod " + pod + ".");
    }

    public static DeploymentNotFound noPreviousRevision(String namespace, String name) {
        return new DeploymentNotFound("Deployment " + namespace + "/" + name
                + " has no earlier revision to roll back to.");
    }
}
