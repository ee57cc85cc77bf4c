package dev.converge.portal.sandbox.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The parameters of one tracking API call: the JSON body of a POST, PATCH or DELETE, or the query string of a GET
 * (a repeated name becomes a list). Numbers are read from JSON numbers or from strings, because protobuf's JSON
 * printer, which {@code mlflow-client} uses, writes 64-bit integers as strings.
 */
final class TrackingRequest {

    private final JsonNode parameters;

    TrackingRequest(JsonNode parameters) {
        this.parameters = parameters;
    }

    Optional<String> text(String name) {
        var node = parameters.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isArray()) {
            return node.isEmpty() ? Optional.empty() : Optional.of(node.get(0).asString());
        }
        if (node.isObject()) {
            throw MlflowError.invalidParameter("Invalid value " + node + " for parameter '" + name
                    + "' supplied: expected a string");
        }
        return Optional.of(node.asString());
    }

    /** A required, non-empty string, as MLflow's request validation demands it. */
    String required(String name) {
        return text(name).filter(value -> !value.isEmpty()).orElseThrow(() -> MlflowError.missing(name));
    }

    /** The run id, sent as {@code run_id} or, by older clients, {@code run_uuid}. */
    String runId() {
        return text("run_id").filter(value -> !value.isEmpty())
                .or(() -> text("run_uuid").filter(value -> !value.isEmpty()))
                .orElseThrow(() -> MlflowError.missing("run_id"));
    }

    Optional<Long> longValue(String name) {
        return text(name).filter(value -> !value.isBlank()).map(value -> parseLong(name, value));
    }

    Optional<Double> doubleValue(String name) {
        var node = parameters.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(node.asDouble());
        }
        var value = node.asString();
        return switch (value) {
            case "NaN" -> Optional.of(Double.NaN);
            case "Infinity" -> Optional.of(Double.POSITIVE_INFINITY);
            case "-Infinity" -> Optional.of(Double.NEGATIVE_INFINITY);
            default -> {
                try {
                    yield Optional.of(Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw MlflowError.invalidParameter("Invalid value \"" + value + "\" for parameter '" + name
                            + "' supplied: expected a number");
                }
            }
        };
    }

    /** {@code max_results}: {@code fallback} when absent, refused outside 1..{@code limit} as MLflow does. */
    int maxResults(int fallback, int limit) {
        long value = longValue("max_results").orElse((long) fallback);
        if (value < 1 || value > limit) {
            throw MlflowError.invalidParameter("Invalid value " + value + " for parameter 'max_results' supplied. "
                    + "It must be at most " + limit + " and at least 1");
        }
        return (int) value;
    }

    List<String> strings(String name) {
        var node = parameters.get(name);
        var values = new ArrayList<String>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asString()));
        } else {
            values.add(node.asString());
        }
        return values;
    }

    /** A list of JSON objects (tags, metrics, params); absent is empty. */
    List<TrackingRequest> objects(String name) {
        var node = parameters.get(name);
        var values = new ArrayList<TrackingRequest>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw MlflowError.invalidParameter("Invalid value " + node + " for parameter '" + name
                    + "' supplied: expected a list");
        }
        for (var item : node) {
            if (!item.isObject()) {
                throw MlflowError.invalidParameter("Invalid value " + item + " in parameter '" + name
                        + "': expected an object");
            }
            values.add(new TrackingRequest(item));
        }
        return values;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw MlflowError.invalidParameter("Invalid value \"" + value + "\" for parameter '" + name
                    + "' supplied: expected an integer");
        }
    }
}
