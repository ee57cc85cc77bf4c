package dev.converge.portal.platform.kubernetes.cache;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The indexes every cached kind carries, so list pages look objects up by key instead of scanning the whole cache.
 * Index keys are plain strings; use the helpers here to build them.
 */
public final class CacheIndexes {

    /** fabric8's own index: the namespace of an object. */
    public static final String NAMESPACE = Cache.NAMESPACE_INDEX;
    /** One key per label, {@code key=value}: pods by {@code converge.dev/kind=model}, objects by team. */
    public static final String LABEL = "label";
    /** The uid of each owner: a Deployment's ReplicaSets, a ReplicaSet's pods. */
    public static final String OWNER = "owner";
    /** Pods only: the node a pod is bound to. */
    public static final String NODE = "node";
    /** Events only: the uid of the object the event is about. */
    public static final String INVOLVED_OBJECT = "involvedObject";

    private CacheIndexes() {
    }

    public static String labelKey(String key, String value) {
        return key + "=" + value;
    }

    /** The indexes for a kind: label and owner for all, plus node for pods and involved object for events. */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> Map<String, Function<T, List<String>>> forKind(Class<T> type) {
        var indexes = new java.util.HashMap<String, Function<T, List<String>>>();
        indexes.put(LABEL, CacheIndexes::labels);
        indexes.put(OWNER, CacheIndexes::owners);
        if (type == Pod.class) {
            indexes.put(NODE, object -> nodeOf((Pod) object));
        }
        if (type == Event.class) {
            indexes.put(INVOLVED_OBJECT, object -> involvedObjectOf((Event) object));
        }
        return indexes;
    }

    private static List<String> labels(HasMetadata object) {
        var labels = object.getMetadata().getLabels();
        if (labels == null || labels.isEmpty()) {
            return List.of();
        }
        return labels.entrySet().stream().map(label -> labelKey(label.getKey(), label.getValue())).toList();
    }

    private static List<String> owners(HasMetadata object) {
        var owners = object.getMetadata().getOwnerReferences();
        if (owners == null || owners.isEmpty()) {
            return List.of();
        }
        return owners.stream().map(OwnerReference::getUid).filter(uid -> uid != null).toList();
    }

    private static List<String> nodeOf(Pod pod) {
        var node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null || node.isEmpty() ? List.of() : List.of(node);
    }

    private static List<String> involvedObjectOf(Event event) {
        var involved = event.getInvolvedObject();
        return involved == null || involved.getUid() == null ? List.of() : List.of(involved.getUid());
    }
}
