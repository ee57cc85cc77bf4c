package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * An informer's cache plus the simulator's own writes that the informer has not echoed yet. Without that overlay a
 * controller that reconciles again before its watch event arrives would create the same pod twice or write from a
 * stale resource version. Mutated only on the simulator's thread; the informer store itself is thread-safe.
 */
final class ObjectView<T extends HasMetadata> {

    static final String OWNER_INDEX = "owner";

    private final SharedIndexInformer<T> informer;
    private final Map<String, T> written = new HashMap<>();
    private final Map<String, Set<String>> writtenByOwner = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();

    ObjectView(SharedIndexInformer<T> informer) {
        this.informer = informer;
    }

    static <T extends HasMetadata> Map<String, Function<T, List<String>>> ownerIndexer() {
        return Map.of(OWNER_INDEX, object -> object.getMetadata().getOwnerReferences() == null
                ? List.of()
                : object.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid).toList());
    }

    SharedIndexInformer<T> informer() {
        return informer;
    }

    T get(String key) {
        if (deleted.contains(key)) {
            return null;
        }
        var mine = written.get(key);
        var cached = informer.getStore().getByKey(key);
        return newer(mine, cached);
    }

    List<T> byOwner(String ownerUid) {
        var result = new ArrayList<T>();
        var seen = new HashSet<String>();
        for (var object : informer.getIndexer().byIndex(OWNER_INDEX, ownerUid)) {
            var key = Pods.key(object);
            seen.add(key);
            var current = get(key);
            if (current != null) {
                result.add(current);
            }
        }
        for (var key : writtenByOwner.getOrDefault(ownerUid, Set.of())) {
            if (!seen.contains(key) && get(key) != null) {
                result.add(get(key));
            }
        }
        return result;
    }

    List<T> byNamespace(String namespace) {
        return informer.getIndexer().byIndex("namespace", namespace);
    }

    List<T> all() {
        return informer.getStore().list();
    }

    /** Remembers what the API server answered to one of our writes. */
    void wrote(T object) {
        var key = Pods.key(object);
        deleted.remove(key);
        written.put(key, object);
        owners(object).forEach(uid -> writtenByOwner.computeIfAbsent(uid, any -> new HashSet<>()).add(key));
    }

    void deletedByUs(String key) {
        forget(key);
        deleted.add(key);
    }

    /** The informer caught up with this object: our own copy is no longer needed. */
    void observed(T object) {
        var key = Pods.key(object);
        var mine = written.get(key);
        if (mine != null && newer(mine, object) == object) {
            forget(key);
        }
    }

    void observedDeletion(T object) {
        var key = Pods.key(object);
        forget(key);
        deleted.remove(key);
    }

    private void forget(String key) {
        var mine = written.remove(key);
        if (mine != null) {
            owners(mine).forEach(uid -> {
                var keys = writtenByOwner.get(uid);
                if (keys != null && keys.remove(key) && keys.isEmpty()) {
                    writtenByOwner.remove(uid);
                }
            });
        }
    }

    private static List<String> owners(HasMetadata object) {
        var references = object.getMetadata().getOwnerReferences();
        return references == null ? List.of() : references.stream().map(OwnerReference::getUid).toList();
    }

    private T newer(T mine, T cached) {
        if (mine == null) {
            return cached;
        }
        if (cached == null) {
            return mine;
        }
        return version(cached) >= version(mine) ? cached : mine;
    }

    private static long version(HasMetadata object) {
        try {
            return Long.parseLong(object.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return Long.MAX_VALUE;
        }
    }
}
