package dev.converge.portal.deployments;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of what the deployment manager refuses or fails at. The message is a plain sentence for the user; the status
 * is the HTTP status it maps to; {@link #fieldErrors()} names the fields a form or an API client got wrong.
 */
public abstract class DeploymentProblem extends RuntimeException {

    private final int status;
    private final Map<String, String> fieldErrors;

    protected DeploymentProblem(int status, String message, Map<String, String> fieldErrors, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.fieldErrors = fieldErrors == null ? Map.of() : new LinkedHashMap<>(fieldErrors);
    }

    public int status() {
        return status;
    }

    /** Field path (as in the JSON body, e.g. {@code resources.cpu}) → message; empty when no field is to blame. */
    public Map<String, String> fieldErrors() {
        return Map.copyOf(fieldErrors);
    }

    /** Same, in the order the fields were checked. */
    public Map<String, String> orderedFieldErrors() {
        return java.util.Collections.unmodifiableMap(fieldErrors);
    }
}
