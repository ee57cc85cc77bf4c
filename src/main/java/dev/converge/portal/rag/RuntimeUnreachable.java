package dev.converge.portal.rag;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/** The RAG model's runtime did not answer (not started yet, no ready pod, the service proxy refused). */
public final class RuntimeUnreachable extends PortalException {

    private final String reason;

    RuntimeUnreachable(String namespace, String name, String reason) {
        super(HttpStatus.SERVICE_UNAVAILABLE, java.util.Map.of(), "rag.error.runtimeUnreachable", namespace, name,
                reason);
        this.reason = reason;
    }

    /** Why, in words. */
    public String reason() {
        return reason;
    }
}
