package dev.converge.portal.builds;

import java.util.Map;

import dev.converge.portal.shared.web.InvalidInput;

/** A build request with bad fields, with a message (key) per field; no pod is created. */
public final class InvalidBuildRequest extends InvalidInput {

    private InvalidBuildRequest(Map<String, String> errors) {
        super(errors, "error.invalidInput.detail");
    }

    public static InvalidBuildRequest of(Map<String, String> errors) {
        return new InvalidBuildRequest(errors);
    }
}
