package dev.converge.portal.deployments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fields two specs differ in, as "replicas: 2 → 3" lines for the user, compared leaf by leaf. */
final class SpecDiff {

    private SpecDiff() {
    }

    static List<String> between(DeploymentSpec before, DeploymentSpec after, JsonMapper json) {
        var a = flatten(json.valueToTree(before.withDefaults().withoutVersion()));
        var b = flatten(json.valueToTree(after.withDefaults().withoutVersion()));
        var keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        var changes = new ArrayList<String>();
        for (var key : keys) {
            var from = a.get(key);
            var to = b.get(key);
            if (!Objects.equals(from, to)) {
                changes.add(key + ": " + (from == null ? "(none)" : from) + " → " + (to == null ? "(none)" : to));
            }
        }
        return changes;
    }

    private static Map<String, String> flatten(JsonNode node) {
        var out = new TreeMap<String, String>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (var entry : node.properties()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), out);
            }
        } else if (node.isArray()) {
            var items = new ArrayList<String>();
            node.forEach(item -> items.add(item.asString()));
            out.put(prefix, String.join(", ", items));
        } else {
            out.put(prefix, node.asString());
        }
    }
}
