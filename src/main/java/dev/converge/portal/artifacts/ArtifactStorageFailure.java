package dev.converge.portal.artifacts;

import java.net.URI;

import dev.converge.portal.platform.storage.StorageException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Object storage failed an artifact operation: unreachable (503, retry later) or an upload cut off before its end
 * (400). Either way nothing was stored; the message is the storage gateway's plain sentence.
 */
public final class ArtifactStorageFailure extends ErrorResponseException {

    private ArtifactStorageFailure(HttpStatus status, String title, String detail, StorageException cause) {
        super(status, problem(status, title, detail), cause);
    }

    public static ArtifactStorageFailure unavailable(StorageException cause) {
        return new ArtifactStorageFailure(HttpStatus.SERVICE_UNAVAILABLE, "Object storage unavailable",
                cause.getMessage() + ". Nothing was stored; try again later.", cause);
    }

    public static ArtifactStorageFailure interrupted(StorageException cause) {
        return new ArtifactStorageFailure(HttpStatus.BAD_REQUEST, "Upload interrupted",
                cause.getMessage() + ". Nothing was stored.", cause);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("urn:converge:problem:artifact-storage"));
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
