package dev.converge.portal.artifacts;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Artifact not found (HTTP NOT_FOUND). */
public final class ArtifactNotFound extends ErrorResponseException {

    private ArtifactNotFound(String detail) {
        super(HttpStatus.NOT_FOUND, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle("Artifact not found");
        problem.setType(URI.create("urn:converge:problem:artifact-not-found"));
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    public static ArtifactNotFound key(String key) {
        return new ArtifactNotFound("No artifact " + key + " in object storage.");
    }
}
