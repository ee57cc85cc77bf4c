package dev.converge.portal.shared.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.context.MessageSourceResolvable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says which field of a JSON body could not be read, and what it should have been: Jackson knows the JSON path and
 * the Java type it wanted, so {@code "replicas": "two"} or {@code 1.5} becomes {@code replicas → must be a whole
 * number} instead of a bare 400.
 */
final class JsonReadProblems {

    private JsonReadProblems() {
    }

    /** The bad field (JSON path, e.g. {@code resources.gpu}) and its message, when the cause names one. */
    static Optional<Map.Entry<String, MessageSourceResolvable>> fieldOf(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                return Optional.of(Map.entry(path(mismatch), expected(mismatch.getTargetType())));
            }
        }
        return Optional.empty();
    }

    private static String path(JacksonException exception) {
        var path = new StringBuilder();
        for (var reference : exception.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The expected type in words; the codes are {@code error.type.*} in messages.properties. */
    private static MessageSourceResolvable expected(Class<?> type) {
        if (type == null) {
            return code("typeMismatch");
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return code("error.type.wholeNumber");
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class
                || type == BigDecimal.class) {
            return code("error.type.number");
        }
        if (type == Boolean.class || type == boolean.class) {
            return code("error.type.boolean");
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return code("error.type.text");
        }
        if (Map.class.isAssignableFrom(type)) {
            return code("error.type.map");
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return code("error.type.list");
        }
        if (type.isEnum()) {
            var values = Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return new DefaultMessageSourceResolvable(new String[] {"error.type.oneOf"}, new Object[] {values});
        }
        return code("error.type.object");
    }

    private static MessageSourceResolvable code(String code) {
        return new DefaultMessageSourceResolvable(new String[] {code}, code);
    }
}
