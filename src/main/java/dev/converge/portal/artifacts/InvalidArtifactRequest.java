package dev.converge.portal.artifacts;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An upload or lookup with bad fields; {@link #errors()} says, per field, what is wrong. */
public final class InvalidArtifactRequest extends ErrorResponseException {

    private final Map<String, String> errors;

    private InvalidArtifactRequest(Map<String, String> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null);
        this.errors = Map.copyOf(errors);
    }

    public static InvalidArtifactRequest of(Map<String, String> errors) {
        return new InvalidArtifactRequest(errors);
    }

    public Map<String, String> errors() {
        return errors;
    }

    private static ProblemDetail problem(Map<String, String> errors) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The artifact request has invalid fields: " + String.join(", ", errors.keySet()) + ".");
        problem.setTitle("Invalid artifact request");
        problem.setType(URI.create("urn:converge:problem:invalid-artifact-request"));
        problem.setProperty("errors", errors);
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
