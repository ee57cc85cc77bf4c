package dev.converge.portal.deployments;

import java.util.List;

import dev.converge.portal.shared.web.NotFound;

final class DeploymentNotFound extends NotFound {

    private DeploymentNotFound(String code, Object... args) {
        super(code, args);
    }

    static DeploymentNotFound named(String namespace, String name) {
        return new DeploymentNotFound("deployments.error.notFound", namespace, name);
    }

    /**
     * The Deployment is gone but the portal's Service or autoscaler of that name is left: deleting removes them.
     * {@code kinds} holds {@code Service}, {@code autoscaler} or both.
     */
    static DeploymentNotFound leftOver(String namespace, String name, List<String> kinds) {
        var which = kinds.size() > 1 ? "both" : kinds.get(0).toLowerCase(java.util.Locale.ROOT);
        return new DeploymentNotFound("deployments.error.leftOver." + which, namespace, name);
    }

    /** A concurrent delete removed the Deployment while this request was changing it. */
    static DeploymentNotFound deletedMeanwhile(String namespace, String name) {
        return new DeploymentNotFound("deployments.error.deletedMeanwhile", namespace, name);
    }

    static DeploymentNotFound pod(String namespace, String name, String pod) {
        return new DeploymentNotFound("deployments.error.noPod", namespace, name, pod);
    }

    static DeploymentNotFound noPreviousRevision(String namespace, String name) {
        return new DeploymentNotFound("deployments.error.noPreviousRevision", namespace, name);
    }
}
