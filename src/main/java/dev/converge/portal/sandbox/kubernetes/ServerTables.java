package dev.converge.portal.sandbox.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.converge.portal.sandbox.kubernetes.TableColumns.Column;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: the {@code meta.k8s.io Table} that {@code kubectl get} asks for
 * ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}) instead of the objects, so it prints the real
 * columns and not only NAME and AGE. Built-in kinds get the columns of {@link TableColumns}; custom resources those of
 * their CRD's {@code additionalPrinterColumns} (JSONPath: dotted fields and {@code [n]} indexes).
 */
final class ServerTables {

    private static final Pattern TABLE = Pattern.compile("as=Table;\\s*v=(v1|v1beta1);\\s*g=meta\\.k8s\\.io");
    private static final Pattern JSON_PATH_STEP = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]");

    private ServerTables() {
    }

    /** The Table version a request asks for ({@code v1} before {@code v1beta1}), if it asks for one. */
    static Optional<String> requested(String accept) {
        if (accept == null) {
            return Optional.empty();
        }
        var matcher = TABLE.matcher(accept);
        String version = null;
        while (matcher.find()) {
            if (version == null || matcher.group(1).equals("v1")) {
                version = matcher.group(1);
            }
        }
        return Optional.ofNullable(version);
    }

    /** A request path for a collection or one object of a resource: {@code /api/v1/...} or {@code /apis/g/v/...}. */
    record ResourcePath(String group, String version, String plural, boolean single) {

        static Optional<ResourcePath> parse(String path) {
            var segments = path.substring(1).split("/");
            int at;
            String group;
            if (segments.length >= 3 && segments[0].equals("api")) {
                group = "";
                at = 2;
            } else if (segments.length >= 4 && segments[0].equals("apis")) {
                group = segments[1];
                at = 3;
            } else {
                return Optional.empty();
            }
            var version = segments[at - 1];
            if (segments[at].equals("namespaces") && segments.length >= at + 3) {
                at += 2;
            }
            var rest = segments.length - at;
            if (rest < 1 || rest > 2) {
                return Optional.empty();
            }
            return Optional.of(new ResourcePath(group, version, segments[at], rest == 2));
        }
    }

    /** The columns of a CRD version's {@code additionalPrinterColumns}, after NAME; NAME and AGE without any. */
    static List<Column> forCustomResource(JsonNode crd, String version) {
        var definitions = crd.path("spec").path("versions").valueStream()
                .filter(v -> version.equals(v.path("name").asString(""))).findFirst()
                .map(v -> v.path("additionalPrinterColumns")).orElse(JsonNodeFactory.instance.arrayNode());
        if (definitions.isEmpty()) {
            return List.of(TableColumns.NAME, TableColumns.AGE);
        }
        var columns = new ArrayList<Column>();
        columns.add(TableColumns.NAME);
        for (var definition : definitions) {
            var type = definition.path("type").asString("string");
            var path = definition.path("jsonPath").asString("");
            var wide = definition.path("priority").asInt(0);
            columns.add(new Column(definition.path("name").asString(""), type,
                    definition.path("format").asString(""), wide, definition.path("description").asString(""),
                    object -> cell(type, find(object, path))));
        }
        return columns;
    }

    /** A CRD column's cell as the API server's table convertor gives it; null (printed {@code <none>}) if absent. */
    private static Object cell(String type, JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        return switch (type) {
            case "integer" -> value.isNumber() ? value.asLong() : null;
            case "number" -> value.isNumber() ? value.asDouble() : null;
            case "boolean" -> value.isBoolean() ? value.asBoolean() : null;
            case "date" -> value.isString() ? TableColumns.age(value.asString()) : null;
            default -> value.isValueNode() ? value.asString("") : value.toString();
        };
    }

    private static JsonNode find(JsonNode object, String path) {
        var expression = path.trim();
        if (expression.startsWith("{") && expression.endsWith("}")) {
            expression = expression.substring(1, expression.length() - 1);
        }
        var matcher = JSON_PATH_STEP.matcher(expression);
        var node = object;
        var end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                return null;
            }
            end = matcher.end();
            node = matcher.group(1) != null ? node.path(matcher.group(1))
                    : node.path(Integer.parseInt(matcher.group(2)));
        }
        return end == expression.length() && end > 0 ? node : null;
    }

    /**
     * The Table for a list or one object. Each row carries the object as {@code includeObject} asks: its metadata
     * only by default (kubectl reads the namespace and labels from it), the whole object, or none.
     */
    static ObjectNode table(JsonNode body, List<Column> columns, String includeObject, String tableVersion) {
        var nodes = JsonNodeFactory.instance;
        var table = nodes.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/" + tableVersion);
        var metadata = table.putObject("metadata");
        var single = !body.has("items");
        var listMeta = body.path("metadata");
        if (!single) {
            for (var field : List.of("resourceVersion", "continue", "remainingItemCount")) {
                if (listMeta.has(field)) {
                    metadata.set(field, listMeta.get(field));
                }
            }
        } else if (listMeta.has("resourceVersion")) {
            metadata.set("resourceVersion", listMeta.get("resourceVersion"));
        }
        var definitions = table.putArray("columnDefinitions");
        for (var column : columns) {
            definitions.addObject().put("name", column.name()).put("type", column.type())
                    .put("format", column.format()).put("description", column.description())
                    .put("priority", column.priority());
        }
        var rows = table.putArray("rows");
        for (var object : single ? List.of(body) : body.path("items").values()) {
            var row = rows.addObject();
            var cells = row.putArray("cells");
            for (var column : columns) {
                var cell = column.cell().apply(object);
                if (cell == null) {
                    cells.addNull();
                } else if (cell instanceof Long number) {
                    cells.add(number);
                } else if (cell instanceof Double number) {
                    cells.add(number);
                } else if (cell instanceof Boolean flag) {
                    cells.add(flag);
                } else {
                    cells.add(cell.toString());
                }
            }
            switch (includeObject == null ? "Metadata" : includeObject) {
                case "None" -> { }
                case "Object" -> row.set("object", object);
                default -> {
                    var partial = row.putObject("object");
                    partial.put("kind", "PartialObjectMetadata");
                    partial.put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", object.path("metadata"));
                }
            }
        }
        return table;
    }
}
