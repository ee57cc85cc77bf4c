package dev.converge.portal.deployments;

import java.util.Map;

import dev.converge.portal.shared.web.InvalidInput;

/** The spec has fields that cannot be deployed; each is named with what is wrong. */
public final class InvalidDeployment extends InvalidInput {

    private InvalidDeployment(Map<String, String> errors, Map<String, Object[]> args) {
        super(errors, args, errors.size() == 1 ? "deployments.error.invalid.one" : "deployments.error.invalid.many",
                String.valueOf(errors.size()));
    }

    static InvalidDeployment fields(FieldErrors errors) {
        return new InvalidDeployment(errors.codes(), errors.args());
    }

    /** Field name → message key (or plain text) without arguments. */
    public static InvalidDeployment fields(Map<String, String> errors) {
        return new InvalidDeployment(errors, Map.of());
    }

    static InvalidDeployment field(String field, String code, Object... args) {
        var errors = new FieldErrors();
        errors.put(field, code, args);
        return fields(errors);
    }
}
