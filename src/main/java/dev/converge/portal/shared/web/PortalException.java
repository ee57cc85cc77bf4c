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
    private final transient Map<String, Object[]> fieldArgs;

    protected PortalException(HttpStatus status, Map<String, String> fieldErrors, String detailCode,
                              Object... detailArgs) {
        this(status, fieldErrors, Map.of(), detailCode, detailArgs);
    }

    /** With arguments for some field messages, e.g. {@code "must be between 0 and {0}"}: field name → arguments. */
    protected PortalException(HttpStatus status, Map<String, String> fieldErrors, Map<String, Object[]> fieldArgs,
                              String detailCode, Object... detailArgs) {
        super(detailCode);
        this.status = status;
        this.detailCode = detailCode;
        this.detailArgs = detailArgs == null ? new Object[0] : detailArgs.clone();
        this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(fieldErrors));
        this.fieldArgs = fieldArgs == null ? Map.of() : Map.copyOf(fieldArgs);
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

    /** The arguments of a field's message; empty when it has none. */
    public Object[] fieldArgs(String field) {
        var args = fieldArgs.get(field);
        return args == null ? new Object[0] : args.clone();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + status.value() + " " + detailCode + " " + Arrays.toString(detailArgs)
                + (fieldErrors.isEmpty() ? "" : " " + fieldErrors) + "]";
    }
}
