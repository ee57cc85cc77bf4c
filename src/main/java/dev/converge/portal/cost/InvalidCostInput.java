package dev.converge.portal.cost;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.converge.portal.shared.web.InvalidInput;

/** Inputs of a quote, a summary or a budget that cannot be used; each field named with what is wrong. */
public final class InvalidCostInput extends InvalidInput {

    private InvalidCostInput(Map<String, String> errors, Map<String, Object[]> args) {
        super(errors, args, errors.size() == 1 ? "cost.error.invalid.one" : "cost.error.invalid.many",
                String.valueOf(errors.size()));
    }

    static InvalidCostInput field(String field, String code, Object... args) {
        var errors = new Errors();
        errors.put(field, code, args);
        return errors.toException();
    }

    /** Collects one message key (with arguments, numbers as text) per field. */
    static final class Errors {
        private final Map<String, String> codes = new LinkedHashMap<>();
        private final Map<String, Object[]> args = new LinkedHashMap<>();

        void put(String field, String code, Object... arguments) {
            if (!codes.containsKey(field)) {
                codes.put(field, code);
                args.put(field, arguments);
            }
        }

        boolean has(String field) {
            return codes.containsKey(field);
        }

        void throwIfAny() {
            if (!codes.isEmpty()) {
                throw toException();
            }
        }

        InvalidCostInput toException() {
            return new InvalidCostInput(codes, args);
        }
    }
}
