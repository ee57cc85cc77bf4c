package dev.converge.portal.sandbox.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;

/**
 * The CRUD store's keys filed by their {@code name} attribute, so a request for one object by name looks at the
 * few objects of that name instead of matching every stored key. A query naming an object only matches keys that
 * hold an equal {@code name} attribute, so filtering this index's candidates with the store's own
 * {@link AttributeSet#matches} finds exactly what the store's scan would.
 */
final class NameIndex {

    private final Map<Attribute, Set<AttributeSet>> keysByName = new ConcurrentHashMap<>();

    void add(AttributeSet key) {
        name(key).ifPresent(name -> keysByName.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(key));
    }

    void remove(AttributeSet key) {
        name(key).ifPresent(name -> keysByName.computeIfPresent(name, (n, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        }));
    }

    void clear() {
        keysByName.clear();
    }

    /** How many keys are filed (one per stored object). */
    int size() {
        return keysByName.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * The stored keys matching a query that names one object: none, the one, or two of several (then only the
     * store's scan knows which one it would pick). Empty when the query names no object.
     */
    Optional<List<AttributeSet>> matches(AttributeSet query) {
        return name(query).filter(name -> name.getType() == AttributeType.WITH)
                .map(name -> keysByName.getOrDefault(name, Set.of()).stream()
                        .filter(key -> key.matches(query)).limit(2).toList());
    }

    private static Optional<Attribute> name(AttributeSet attributes) {
        var name = attributes.getAttribute(KubernetesAttributesExtractor.NAME);
        return name == null || name.getValues().size() != 1 ? Optional.empty() : Optional.of(name);
    }
}
