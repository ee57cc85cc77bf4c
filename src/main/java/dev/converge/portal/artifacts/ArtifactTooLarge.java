package dev.converge.portal.artifacts;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Artifact too large (HTTP CONTENT_TOO_LARGE). */
public final class ArtifactTooLarge extends ErrorResponseException {

    private ArtifactTooLarge(String detail) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail);
        problem.setTitle("Artifact too large");
        problem.setType(URI.create("urn:converge:problem:artifact-too-large"));
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    public static ArtifactTooLarge over(org.springframework.util.unit.DataSize limit) {
        return new ArtifactTooLarge("The file is larger than the upload limit of " + limit.toMegabytes()
                + " MiB (portal.artifacts.max-size); nothing was stored.");
    }
}
