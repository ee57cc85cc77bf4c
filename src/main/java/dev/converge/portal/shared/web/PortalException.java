package dev.converge.portal.shared.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A failure a user should see explained: an HTTP status, a detail message and, for bad input, a message per field.
 * Messages are keys of {@code messages.properties} (with arguments); a text that is no key is shown as it is. Features
 * extend the subclasses with static factories, e.g. {@code DeploymentNotFound.named(namespace, name)}.
 */
public class PortalException extends RuntimeException {

    private final HttpStatus status;
    private final String detailCode;
    private final transient Object[] detailArgs;
    private final Map<String, String> fieldErrors;

    protected PortalException(HttpStatus status, Map<String, String> fieldErrors, String detailCode,
                              Object... detailArgs) {
        super(detailCode);
        this.status = status;
        this.detailCode = detailCode;
        this.detailArgs = detailArgs == null ? new Object[0] : detailArgs.clone();
        this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(fieldErrors));
    }

    public HttpStatus status() {
        return status;
    }

    /** The message key (or plain text) of the explanation. */
    public String detailCode() {
        return detailCode;
    }

    public Object[] detailArgs() {
        return detailArgs.clone();
    }

    /** Field name → message key (or plain text); empty unless the input was invalid. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + status.value() + " " + detailCode + " " + Arrays.toString(detailArgs)
                + (fieldErrors.isEmpty() ? "" : " " + fieldErrors) + "]";
    }
}
