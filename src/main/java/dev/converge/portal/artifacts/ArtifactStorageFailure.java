package dev.converge.portal.artifacts;

import java.util.Map;

import dev.converge.portal.platform.storage.StorageException;
import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/**
 * Object storage failed an artifact operation: unreachable (503, retry later) or an upload cut off before its end
 * (400). Either way nothing was stored; the detail carries the storage gateway's message (resolved from its key).
 */
public final class ArtifactStorageFailure extends PortalException {

    private ArtifactStorageFailure(HttpStatus status, String code, StorageException cause) {
        super(status, Map.of(), code, cause);
        initCause(cause);
    }

    public static ArtifactStorageFailure unavailable(StorageException cause) {
        return new ArtifactStorageFailure(HttpStatus.SERVICE_UNAVAILABLE, "artifacts.error.storage", cause);
    }

    public static ArtifactStorageFailure interrupted(StorageException cause) {
        return new ArtifactStorageFailure(HttpStatus.BAD_REQUEST, "artifacts.error.interrupted", cause);
    }
}
