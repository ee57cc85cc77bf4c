package dev.converge.portal.platform.kubernetes.sandbox;

import java.util.Objects;
import java.util.function.Consumer;

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
 */
final class SandboxStore extends KubernetesCrudDispatcher {

    private volatile Consumer<StoreChange> changes = change -> { };

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
        if (Objects.equals(existing, newState)) {
            return;
        }
        var before = existing == null ? null : oldAttributes;
        if (newState == null) {
            changes.accept(deleted(before, existing));
            return;
        }
        changes.accept(new StoreChange(version(parsed.getMetadata().getResourceVersion()), before,
                keys(pathAttributes, parsed), newState));
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
