package dev.converge.portal.artifacts;

import java.util.Map;

import dev.converge.portal.shared.web.InvalidInput;

/** An upload or lookup with bad fields, with a message (key) per field. */
public final class InvalidArtifactRequest extends InvalidInput {

    private InvalidArtifactRequest(Map<String, String> errors) {
        super(errors, "error.invalidInput.detail");
    }

    public static InvalidArtifactRequest of(Map<String, String> errors) {
        return new InvalidArtifactRequest(errors);
    }
}
