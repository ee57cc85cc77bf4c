package dev.converge.portal.artifacts;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Artifact already exists (HTTP CONFLICT). */
public final class ArtifactAlreadyExists extends ErrorResponseException {

    private ArtifactAlreadyExists(String detail) {
        super(HttpStatus.CONFLICT, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Artifact already exists");
        problem.setType(URI.create("urn:converge:problem:artifact-exists"));
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    /** Versions are immutable: builds record an artifact's SHA-256, so its content must never change under them. */
    public static ArtifactAlreadyExists key(String key) {
        return new ArtifactAlreadyExists("Artifact " + key + " already exists; upload it as a new version.");
    }
}
