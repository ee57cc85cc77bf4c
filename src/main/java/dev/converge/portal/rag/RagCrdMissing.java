package dev.converge.portal.rag;

import java.util.Map;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/** The cluster does not serve {@code ragmodels.converge.dev}: the CRD is not installed. */
public final class RagCrdMissing extends PortalException {

    RagCrdMissing() {
        super(HttpStatus.SERVICE_UNAVAILABLE, Map.of(), "rag.error.crdMissing", RagModel.CRD_NAME);
    }
}
