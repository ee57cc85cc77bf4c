package dev.converge.portal.deployments;

import java.util.Map;

import dev.converge.portal.platform.kubernetes.KubernetesErrors;
import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/** Kubernetes refused or failed a call; the detail carries {@link KubernetesErrors}' plain sentence. */
final class ClusterCallFailed extends PortalException {

    private ClusterCallFailed(HttpStatus status, String sentence, Throwable cause) {
        super(status, Map.of(), "deployments.error.cluster", sentence);
        initCause(cause);
    }

    static ClusterCallFailed of(Throwable cause, String what) {
        var failure = KubernetesErrors.translate(cause, what);
        return new ClusterCallFailed(HttpStatus.valueOf(failure.status()), failure.message(), cause);
    }
}
