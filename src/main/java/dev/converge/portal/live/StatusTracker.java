package dev.converge.portal.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status of every object a publisher watches, by namespace, and which namespaces changed since the counts were
 * last published. Counts are per namespace because each user sees only their teams' namespaces: one event per
 * namespace goes exactly to the users allowed to read it.
 */
final class StatusTracker {

    private final List<String> statuses;
    private final Map<String, Map<String, String>> byNamespace = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    StatusTracker(List<String> statuses) {
        this.statuses = List.copyOf(statuses);
    }

    void put(String namespace, String name, String status) {
        var previous = byNamespace.computeIfAbsent(namespace, ns -> new ConcurrentHashMap<>()).put(name, status);
        if (!status.equals(previous)) {
            changed.add(namespace);
        }
    }

    void remove(String namespace, String name) {
        var objects = byNamespace.get(namespace);
        if (objects != null && objects.remove(name) != null) {
            changed.add(namespace);
        }
    }

    StatusCounts counts(String namespace) {
        return StatusCounts.of(namespace, statuses, byNamespace.getOrDefault(namespace, Map.of()).values());
    }

    /** The counts of the namespaces changed since the last call. */
    List<StatusCounts> takeChanged() {
        var result = new ArrayList<StatusCounts>();
        for (var namespace : List.copyOf(changed)) {
            changed.remove(namespace);
            result.add(counts(namespace));
        }
        return result;
    }
}
