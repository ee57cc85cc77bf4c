package dev.converge.portal.deployments;

import java.util.LinkedHashMap;
import java.util.Map;

/** What is wrong with a spec, per field: a message key of {@code messages.properties} and its arguments. */
final class FieldErrors {

    private final Map<String, String> codes = new LinkedHashMap<>();
    private final Map<String, Object[]> args = new LinkedHashMap<>();

    /** Numbers are passed as text: the message format would group their digits ("2,048"). */
    void put(String field, String code, Object... arguments) {
        codes.put(field, code);
        args.put(field, arguments);
    }

    void putIfAbsent(String field, String code, Object... arguments) {
        if (!codes.containsKey(field)) {
            put(field, code, arguments);
        }
    }

    boolean containsKey(String field) {
        return codes.containsKey(field);
    }

    boolean isEmpty() {
        return codes.isEmpty();
    }

    Map<String, String> codes() {
        return codes;
    }

    Map<String, Object[]> args() {
        return args;
    }
}
