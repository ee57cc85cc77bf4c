package dev.converge.portal.sandbox.kubernetes;

import io.fabric8.mockwebserver.crud.AttributeSet;

/**
 * One change the sandbox's store made: the object's keys before and after (what watch filters match against, so
 * matching never parses the object) and the object's JSON, serialized once for every watcher.
 *
 * @param resourceVersion the version the change was made at; a deletion gets a new one, as on a real API server
 * @param before the stored object's keys before the change; {@code null} when it was created
 * @param after the stored object's keys after the change; {@code null} when it was deleted
 * @param object the object as watchers receive it: the new state, or the last state of a deleted object
 */
record StoreChange(long resourceVersion, AttributeSet before, AttributeSet after, String object) {

    enum Type { ADDED, MODIFIED, DELETED }

    /**
     * What a watch with this filter sees, like the real API server: an object that starts matching is ADDED to
     * it, one that stops matching is DELETED from it; {@code null} when the change does not concern it.
     */
    Type typeFor(AttributeSet filter) {
        var matchedBefore = before != null && before.matches(filter);
        var matchesAfter = after != null && after.matches(filter);
        if (matchedBefore && matchesAfter) {
            return Type.MODIFIED;
        }
        if (matchedBefore) {
            return Type.DELETED;
        }
        return matchesAfter ? Type.ADDED : null;
    }

    /** A watch event as the Kubernetes API streams it: {@code {"type":"ADDED","object":{...}}}. */
    static String event(String type, String objectJson) {
        return "{\"type\":\"" + type + "\",\"object\":" + objectJson + "}";
    }
}
