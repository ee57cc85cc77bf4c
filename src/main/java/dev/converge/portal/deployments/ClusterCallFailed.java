package dev.converge.portal.deployments;

import java.util.Map;

import dev.converge.portal.platform.kubernetes.KubernetesErrors;

/** Kubernetes refused or failed a call; the message is {@link KubernetesErrors}' plain sentence. */
final class ClusterCallFailed extends DeploymentProblem {

    private ClusterCallFailed(int status, String message, Throwable cause) {
        super(status, message, Map.of(), cause);
    }

    public static ClusterCallFailed of(Throwable cause, String what) {
        var failure = KubernetesErrors.translate(cause, what);
        return new ClusterCallFailed(failure.status(), failure.message(), cause);
    }
}
