package dev.converge.portal.rag;

import java.util.Map;

import dev.converge.portal.platform.kubernetes.KubernetesErrors;
import dev.converge.portal.shared.web.PortalException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;

/** Kubernetes refused or failed a call about a RAG model; the detail is {@link KubernetesErrors}' message. */
final class RagCallFailed extends PortalException {

    private RagCallFailed(KubernetesErrors.Failure failure, Throwable cause) {
        super(HttpStatus.valueOf(failure.status()), Map.of(), failure.code(), failure.args());
        initCause(cause);
    }

    static RagCallFailed of(Throwable cause, String target) {
        var what = new DefaultMessageSourceResolvable(new String[] {"rag.what.model"}, new Object[] {target});
        return new RagCallFailed(KubernetesErrors.translate(cause, what), cause);
    }
}
