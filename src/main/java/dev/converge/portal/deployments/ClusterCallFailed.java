package dev.converge.portal.deployments;

import java.util.Map;

import dev.converge.portal.platform.kubernetes.KubernetesErrors;
import dev.converge.portal.shared.web.PortalException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;

/** Kubernetes refused or failed a call; the detail is {@link KubernetesErrors}' message about the object. */
final class ClusterCallFailed extends PortalException {

    private ClusterCallFailed(KubernetesErrors.Failure failure, Throwable cause) {
        super(HttpStatus.valueOf(failure.status()), Map.of(), failure.code(), failure.args());
        initCause(cause);
    }

    /** {@code whatCode} is the message key naming the object, with {@code target} ("namespace/name") as argument. */
    static ClusterCallFailed of(Throwable cause, String whatCode, String target) {
        var what = new DefaultMessageSourceResolvable(new String[] {whatCode}, new Object[] {target});
        return new ClusterCallFailed(KubernetesErrors.translate(cause, what), cause);
    }
}
