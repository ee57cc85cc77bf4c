package dev.converge.portal.rag;

import java.util.Map;

import dev.converge.portal.shared.web.InvalidInput;

/** Bad input, per field (JSON path as the field name). */
public final class InvalidRagModel extends InvalidInput {

    InvalidRagModel(Map<String, String> fields, Map<String, Object[]> args) {
        super(fields, args, "rag.error.invalid");
    }

    static InvalidRagModel field(String field, String code, Object... args) {
        return new InvalidRagModel(Map.of(field, code), Map.of(field, args));
    }

    /** The API server refused the object; its reason in words. */
    static InvalidRagModel byCluster(String reason) {
        return new InvalidRagModel(Map.of("spec", "rag.error.rejected"), Map.of("spec", new Object[] {reason}));
    }
}
