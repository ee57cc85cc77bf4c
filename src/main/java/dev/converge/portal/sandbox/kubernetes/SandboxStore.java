package dev.converge.portal.sandbox.kubernetes;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * fabric8's CRUD store, reporting every change it makes to the sandbox's watches instead of to its own watch code
 * (one thread and one parse of the object per watcher, and a one-minute wait on the event loop when a watch
 * closes). Every write the store does (create, update, patch, status, delete, delete-collection, the deletion
 * timestamp of an object with finalizers, the dispatcher's merges) ends in {@link #processEvent} under the store's
 * write lock, so changes are reported one at a time, in resourceVersion order.
 * <p>
 * The store finds an object by matching the request against every stored key; with thousands of pods that scan,
 * under the store's lock, is what made reads and writes of one object slow. So the keys are also filed by name
 * ({@link NameIndex}, kept in step in {@link #processEvent}), and a GET, PUT, PATCH or DELETE of one object by
 * name looks only at the objects of that name. Anything else (lists, selectors, creates, and the rare request
 * two stored objects match) is still answered by the store's own code.
 */
final class SandboxStore extends KubernetesCrudDispatcher {

    /** A name no object has: reading and deleting it shows which lock each of the store's operations takes. */
    private static final String PROBE = "/api/v1/namespaces/sandbox-lock-probe/configmaps/sandbox-lock-probe";

    private volatile Consumer<StoreChange> changes = change -> { };
    private final NameIndex index = new NameIndex();
    private Lock probedLock;
    private final Lock readLock;
    private final Lock writeLock;

    SandboxStore() {
        // The store's lock is private; its protected hook hands it over when an operation takes it.
        super.handleGet(PROBE);
        readLock = Objects.requireNonNull(probedLock, "the CRUD store no longer reports its read lock");
        probedLock = null;
        super.handleDelete(PROBE);
        writeLock = Objects.requireNonNull(probedLock, "the CRUD store no longer reports its write lock");
    }

    @Override
    protected void locked(Lock lock) {
        if (readLock == null || writeLock == null) {
            probedLock = lock;
        }
    }

    /** Where changes go from now on; restoring a saved state before this reports nothing. */
    void onChange(Consumer<StoreChange> changes) {
        this.changes = changes;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        var existing = oldAttributes == null ? null : map.get(oldAttributes);
        // Parsed once here so the store (which would parse it itself) and the watch keys share it.
        var parsed = resource == null && newState != null
                ? Serialization.unmarshal(newState, GenericKubernetesResource.class) : resource;
        super.processEvent(path, pathAttributes, oldAttributes, parsed, newState);
        var after = newState == null ? null : keys(pathAttributes, parsed);
        if (oldAttributes != null) {
            index.remove(oldAttributes);
        }
        if (after != null) {
            index.add(after);
        }
        if (Objects.equals(existing, newState)) {
            return;
        }
        var before = existing == null ? null : oldAttributes;
        if (newState == null) {
            changes.accept(deleted(before, existing));
            return;
        }
        changes.accept(new StoreChange(version(parsed.getMetadata().getResourceVersion()), before, after, newState));
    }

    /** The object a PUT or PATCH (also of {@code /status}) goes to; the store calls this under its write lock. */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        var matches = index.matches(query);
        if (matches.isEmpty() || matches.get().size() > 1) {
            return super.findResource(query);
        }
        return matches.get().isEmpty() ? null : entry(matches.get().get(0));
    }

    @Override
    public MockResponse handleGet(String path) {
        if (path.contains("watch=")) {
            return super.handleGet(path);
        }
        return underLock(readLock, () -> byName(path, (query, entry) -> found(entry)))
                .orElseGet(() -> super.handleGet(path));
    }

    @Override
    public MockResponse handleDelete(String path) {
        return underLock(writeLock, () -> byName(path, (query, entry) -> {
            delete(path, query, entry);
            return found(entry);
        })).orElseGet(() -> super.handleDelete(path));
    }

    @Override
    public void reset() {
        underLock(writeLock, () -> {
            super.reset();
            index.clear();
            return null;
        });
    }

    /** How many stored keys the name index holds (one per stored object). */
    int indexedKeys() {
        return index.size();
    }

    /**
     * Answers a request for one object by name as the store would (the stored object with 200, or 404 without a
     * body), or leaves it to the store when the path names no object or several stored objects match it.
     */
    private Optional<MockResponse> byName(String path,
                                          BiFunction<AttributeSet, Map.Entry<AttributeSet, String>, MockResponse> found) {
        var query = getKey(path);
        return index.matches(query).filter(matches -> matches.size() < 2)
                .map(matches -> matches.isEmpty()
                        ? new MockResponse().setResponseCode(404)
                        : found.apply(query, entry(matches.get(0))));
    }

    /**
     * The store's deletion of one object: gone at once without finalizers, otherwise only marked with a deletion
     * timestamp (once) at a new resourceVersion.
     */
    private void delete(String path, AttributeSet query, Map.Entry<AttributeSet, String> entry) {
        var resource = Serialization.unmarshal(entry.getValue(), GenericKubernetesResource.class);
        if (resource.getFinalizers().isEmpty()) {
            processEvent(path, query, entry.getKey(), null, null);
        } else if (!resource.isMarkedForDeletion()) {
            resource.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
            processEvent(path, query, entry.getKey(), resource, Serialization.asJson(resource));
        }
    }

    private Map.Entry<AttributeSet, String> entry(AttributeSet key) {
        return new AbstractMap.SimpleImmutableEntry<>(key, map.get(key));
    }

    private static MockResponse found(Map.Entry<AttributeSet, String> entry) {
        return new MockResponse().setResponseCode(200).setBody(entry.getValue());
    }

    private static <T> T underLock(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Watches are served by {@link SandboxWatches}; the store's own watch code must never run. */
    @Override
    public MockResponse handleWatch(String path) {
        throw new UnsupportedOperationException("watches are served by SandboxWatches, not by the store");
    }

    /** The keys the store files the object under (the same computation as the store's). */
    private AttributeSet keys(AttributeSet pathAttributes, GenericKubernetesResource resource) {
        var keys = ((KubernetesAttributesExtractor) getAttributeExtractor()).extract(resource);
        return keys.containsKey(KubernetesAttributesExtractor.PLURAL) ? keys : AttributeSet.merge(pathAttributes, keys);
    }

    /** A deletion is a change of its own on a real API server: the last state, at a new resourceVersion. */
    private StoreChange deleted(AttributeSet before, String existing) {
        var object = (ObjectNode) Serialization.jsonMapper().readTree(existing);
        var version = requestResourceVersion();
        if (object.path("metadata") instanceof ObjectNode metadata) {
            metadata.put("resourceVersion", String.valueOf(version));
        }
        return new StoreChange(version, before, null, object.toString());
    }

    private static long version(String resourceVersion) {
        try {
            return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
