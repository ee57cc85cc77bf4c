package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated garbage collector: when an owner is deleted its dependents (objects whose {@code ownerReferences}
 * name it) are deleted too, and so on down the chain (Deployment → ReplicaSets → Pods). A periodic sweep also
 * catches dependents of owners the simulator does not watch (e.g. the portal's custom resources) and dependents
 * whose owner vanished while the simulator was not running.
 */
final class GarbageCollector {

    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

    private final KubernetesClient client;
    private final ApiWriter writer;
    private final List<ObjectView<? extends HasMetadata>> dependents;

    GarbageCollector(KubernetesClient client, ApiWriter writer, List<ObjectView<? extends HasMetadata>> dependents) {
        this.client = client;
        this.writer = writer;
        this.dependents = dependents;
    }

    /** An owner is gone: delete what only it owned. */
    void ownerDeleted(HasMetadata owner) {
        var uid = owner.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        for (var view : dependents) {
            deleteOwnedBy(view, uid);
        }
    }

    private <T extends HasMetadata> void deleteOwnedBy(ObjectView<T> view, String uid) {
        for (var dependent : view.byOwner(uid)) {
            if (dependent.getMetadata().getOwnerReferences().size() == 1) {
                delete(view, dependent);
            }
        }
    }

    /** Deletes every watched object none of whose owners exists any more. */
    void sweep() {
        var known = new HashSet<String>();
        for (var view : dependents) {
            view.all().forEach(object -> known.add(object.getMetadata().getUid()));
        }
        var verdicts = new HashMap<String, Boolean>();
        for (var view : dependents) {
            sweep(view, known, verdicts);
        }
    }

    private <T extends HasMetadata> void sweep(ObjectView<T> view, Set<String> known, Map<String, Boolean> verdicts) {
        for (var object : view.all()) {
            var references = object.getMetadata().getOwnerReferences();
            if (references == null || references.isEmpty()) {
                continue;
            }
            boolean orphan = references.stream().noneMatch(reference -> known.contains(reference.getUid())
                    || verdicts.computeIfAbsent(reference.getUid(), uid -> exists(object, reference)));
            if (orphan) {
                delete(view, object);
            }
        }
    }

    /** Asks the API server; anything but a clear "not there" counts as present, so nothing is deleted by mistake. */
    private boolean exists(HasMetadata dependent, OwnerReference reference) {
        try {
            var owner = client.genericKubernetesResources(reference.getApiVersion(), reference.getKind())
                    .inNamespace(dependent.getMetadata().getNamespace())
                    .withName(reference.getName())
                    .get();
            return owner != null && (owner.getMetadata().getUid() == null
                    || owner.getMetadata().getUid().equals(reference.getUid()));
        } catch (KubernetesClientException e) {
            return true;
        }
    }

    private <T extends HasMetadata> void delete(ObjectView<T> view, T object) {
        try {
            log.debug("Sandbox simulation: garbage-collecting {} {}", object.getKind(), Pods.key(object));
            writer.delete(view, object);
        } catch (KubernetesClientException e) {
            log.debug("Sandbox simulation could not garbage-collect {}: {}", Pods.key(object), e.getMessage());
        }
    }
}
