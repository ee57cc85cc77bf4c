package dev.converge.portal.sandbox.kubernetes;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small strategic merge patch, enough for what {@code kubectl apply} and controllers send: objects merge
 * recursively ({@code null} deletes), lists of named things (containers, env, ports, volumes, ...) merge by their
 * merge key, other lists are replaced, and the {@code $patch}, {@code $setElementOrder}, {@code $retainKeys} and
 * {@code $deleteFromPrimitiveList} directives are honoured or dropped. Without the OpenAPI schema the merge keys
 * come from a fixed table of the fields Kubernetes declares with {@code patchStrategy: merge}.
 */
final class StrategicMergePatch {

    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"),
            Map.entry("volumes", "name"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("conditions", "type"),
            Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"),
            Map.entry("ownerReferences", "uid"));

    private StrategicMergePatch() {
    }

    /** Applies {@code patch} onto a copy of {@code target} and returns it. */
    static ObjectNode apply(ObjectNode target, ObjectNode patch) {
        var result = target.deepCopy();
        mergeObject(result, patch);
        return result;
    }

    private static void mergeObject(ObjectNode target, ObjectNode patch) {
        if ("replace".equals(patch.path("$patch").asString(""))) {
            target.removeAll();
            target.setAll((ObjectNode) clean(patch));
            return;
        }
        for (var entry : patch.properties()) {
            var name = entry.getKey();
            var value = entry.getValue();
            if (name.startsWith("$deleteFromPrimitiveList/")) {
                deleteFromPrimitiveList(target, name.substring(name.indexOf('/') + 1), value);
            } else if (name.startsWith("$")) {
                continue;
            } else if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && target.path(name).isObject()) {
                mergeObject((ObjectNode) target.get(name), (ObjectNode) value);
            } else if (value.isArray() && target.path(name).isArray() && mergeKey(name, (ArrayNode) value) != null) {
                mergeList((ArrayNode) target.get(name), (ArrayNode) value, mergeKey(name, (ArrayNode) value));
            } else {
                target.set(name, clean(value));
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
        for (var element : patch) {
            var index = indexOf(target, key, element.path(key));
            if ("delete".equals(element.path("$patch").asString(""))) {
                if (index >= 0) {
                    target.remove(index);
                }
            } else if (index >= 0 && target.get(index).isObject()) {
                mergeObject((ObjectNode) target.get(index), (ObjectNode) element);
            } else {
                target.add(clean(element));
            }
        }
    }

    private static String mergeKey(String field, ArrayNode patch) {
        var key = "ports".equals(field) ? portKey(patch) : MERGE_KEYS.get(field);
        if (key == null) {
            return null;
        }
        for (var element : patch) {
            if (!element.isObject() || element.path(key).isMissingNode()) {
                return null;
            }
        }
        return key;
    }

    /** Container ports merge by {@code containerPort}, service ports by {@code port}. */
    private static String portKey(ArrayNode patch) {
        return !patch.isEmpty() && patch.get(0).has("containerPort") ? "containerPort" : "port";
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path(key).equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
        if (target.get(field) instanceof ArrayNode list) {
            for (var value : values) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    if (list.get(i).equals(value)) {
                        list.remove(i);
                    }
                }
            }
        }
    }

    /** A copy of {@code node} without patch directives, for values that are inserted rather than merged. */
    private static JsonNode clean(JsonNode node) {
        if (node instanceof ObjectNode object) {
            var copy = object.objectNode();
            for (var entry : object.properties()) {
                if (!entry.getKey().startsWith("$")) {
                    copy.set(entry.getKey(), clean(entry.getValue()));
                }
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            var copy = array.arrayNode();
            array.forEach(element -> copy.add(clean(element)));
            return copy;
        }
        return node;
    }
}
