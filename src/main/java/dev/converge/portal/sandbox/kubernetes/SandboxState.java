package dev.converge.portal.sandbox.kubernetes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import tools.jackson.databind.JsonNode;

/**
 * Snapshots of the sandbox API server's store, so the simulated cluster survives a portal restart. Objects are
 * restored straight into the store, keeping their uid, creation time and resourceVersion (owner references point
 * at uids), namespaces first and CustomResourceDefinitions before the rest so their custom resources are routed.
 */
final class SandboxState {

    private static final int FORMAT = 1;
    private static final List<String> RESTORE_FIRST = List.of("Namespace", "CustomResourceDefinition");

    /** One stored object and the plural it is served under (not derivable from the kind for custom resources). */
    record Entry(String plural, JsonNode object) {
    }

    private SandboxState() {
    }

    static String snapshot(KubernetesCrudDispatcher store) {
        var map = store.getMap();
        List<Map.Entry<AttributeSet, String>> entries;
        synchronized (map) {
            entries = new ArrayList<>(map.entrySet());
        }
        var objects = new ArrayList<Entry>();
        for (var entry : entries) {
            var plural = entry.getKey().getAttribute(KubernetesAttributesExtractor.PLURAL);
            if (plural != null && !plural.getValues().isEmpty()) {
                objects.add(new Entry(plural.getValues().get(0).toString(),
                        Serialization.jsonMapper().readTree(entry.getValue())));
            }
        }
        objects.sort(Comparator.comparing(SandboxState::restoreRank)
                .thenComparing(e -> e.object().path("metadata").path("namespace").asString(""))
                .thenComparing(e -> e.object().path("metadata").path("name").asString("")));
        return Serialization.asJson(Map.of("format", FORMAT, "objects", objects));
    }

    /** Loads a snapshot into an empty store; returns how many objects were restored. */
    static int restore(KubernetesCrudDispatcher store, String snapshot) {
        var objects = new ArrayList<Entry>();
        for (var node : Serialization.jsonMapper().readTree(snapshot).path("objects")) {
            objects.add(new Entry(node.path("plural").asString(), node.path("object")));
        }
        objects.sort(Comparator.comparing(SandboxState::restoreRank));
        long highestVersion = 0;
        for (var entry : objects) {
            var path = collectionPath(entry);
            var json = entry.object().toString();
            var resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
            store.processEvent(path, store.getKey(path), null, resource, json);
            highestVersion = Math.max(highestVersion, parseLong(resource.getMetadata().getResourceVersion()));
        }
        // New writes must get versions above the restored ones, or informers would see time run backwards.
        long version;
        do {
            version = store.requestResourceVersion();
        } while (version < highestVersion);
        return objects.size();
    }

    private static int restoreRank(Entry entry) {
        var rank = RESTORE_FIRST.indexOf(entry.object().path("kind").asString(""));
        return rank < 0 ? RESTORE_FIRST.size() : rank;
    }

    private static String collectionPath(Entry entry) {
        var apiVersion = entry.object().path("apiVersion").asString("v1");
        var namespace = entry.object().path("metadata").path("namespace").asString("");
        var root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        return root + (namespace.isEmpty() ? "" : "/namespaces/" + namespace) + "/" + entry.plural();
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
