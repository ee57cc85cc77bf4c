package dev.converge.portal.deployments;

import java.util.List;

import dev.converge.portal.platform.kubernetes.KubernetesErrors;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A deployment's dependents, its Service and autoscaler, on the write path: made or taken over for a Deployment
 * (marked with its uid), removed with it, and undone when a create fails half-way. The uid is how concurrent creates
 * and deletes of one name tell their objects apart; only this class reads and writes it.
 */
@Component
class DeploymentDependents {

    private static final Logger log = LoggerFactory.getLogger(DeploymentDependents.class);
    static final int CONFLICT_ATTEMPTS = 5;

    private final KubernetesClient client;

    DeploymentDependents(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Makes the Service and the autoscaler (or its absence) match the spec, marked as belonging to the Deployment with
     * {@code uid}. A portal-made one of the same name that belongs to no live Deployment is taken over; one the portal
     * did not make stops the write. Ends by checking that the Deployment is still the one they belong to, and again
     * that they are still there: a concurrent delete may have removed the Deployment (then this write failed: 404)
     * or, between its two passes, a dependent.
     */
    void write(DeploymentSpec spec, DeploymentManifests.Manifests built, String uid) {
        var ns = spec.namespace();
        var name = spec.name();
        for (int attempt = 1; ; attempt++) {
            requireLive(ns, name, uid);
            put(client.services().inNamespace(ns).withName(name), ownedBy(built.service(), uid), "Service",
                    (existing, wanted) -> {
                        existing.getSpec().setPorts(wanted.getSpec().getPorts());
                        existing.getSpec().setSelector(wanted.getSpec().getSelector());
                    });
            var autoscalers = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName(name);
            if (built.autoscaler() == null) {
                var existing = autoscalers.get();
                if (existing != null && madeByPortal(existing)) {
                    autoscalers.lockResourceVersion(existing.getMetadata().getResourceVersion()).delete();
                }
            } else {
                put(autoscalers, ownedBy(built.autoscaler(), uid), "HorizontalPodAutoscaler",
                        (existing, wanted) -> existing.setSpec(wanted.getSpec()));
            }
            try {
                requireLive(ns, name, uid);
            } catch (DeploymentNotFound e) {
                remove(ns, name, uid); // the delete's last pass may have run before they were written
                throw e;
            }
            var service = client.services().inNamespace(ns).withName(name).get();
            var autoscaler = autoscalers.get();
            if (service != null && uid.equals(ownerUid(service)) && (built.autoscaler() == null
                    ? autoscaler == null || !madeByPortal(autoscaler) : autoscaler != null
                    && uid.equals(ownerUid(autoscaler)))) {
                return;
            }
            if (attempt >= CONFLICT_ATTEMPTS) {
                throw DeploymentChanged.since(ns, name, List.of(), null);
            }
        }
    }

    /** Creates the object, or takes over a portal-made one of the same name (at its version: a change in between is a 409). */
    private <T extends HasMetadata> void put(io.fabric8.kubernetes.client.dsl.Resource<T> named, T wanted, String kind,
                                             java.util.function.BiConsumer<T, T> copySpec) {
        for (int attempt = 1; ; attempt++) {
            try {
                var existing = named.get();
                if (existing == null) {
                    client.resource(wanted).create();
                    return;
                }
                if (!madeByPortal(existing)) {
                    throw DeploymentAlreadyExists.nameTakenBy(wanted.getMetadata().getNamespace(),
                            wanted.getMetadata().getName(), kind);
                }
                var changed = Serialization.clone(existing);
                changed.getMetadata().setLabels(wanted.getMetadata().getLabels());
                var annotations = changed.getMetadata().getAnnotations() == null
                        ? new java.util.LinkedHashMap<String, String>()
                        : new java.util.LinkedHashMap<>(changed.getMetadata().getAnnotations());
                annotations.putAll(wanted.getMetadata().getAnnotations());
                changed.getMetadata().setAnnotations(annotations);
                copySpec.accept(changed, wanted);
                client.resource(changed).update();
                return;
            } catch (KubernetesClientException e) {
                if (!(KubernetesErrors.isConflict(e) || KubernetesErrors.isNotFound(e)) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Fails with 404 unless the Deployment of that name is the one with {@code uid}. */
    private void requireLive(String namespace, String name, String uid) {
        var live = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (live == null || !uid.equals(live.getMetadata().getUid())) {
            throw DeploymentNotFound.deletedMeanwhile(namespace, name);
        }
    }

    /**
     * Deletes the portal-made Service and autoscaler of that name that belong to the Deployment {@code doomedUid}
     * or to no live Deployment; those of a live Deployment other than the doomed one are another request's and stay.
     * Each is read before the live Deployment, and deleted at the version read, so one made for a Deployment created
     * meanwhile is never taken for a leftover. Returns how many it deleted.
     */
    int remove(String namespace, String name, String doomedUid) {
        var removed = 0;
        removed += removeDependent(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                .withName(name), namespace, name, doomedUid);
        removed += removeDependent(client.services().inNamespace(namespace).withName(name), namespace, name,
                doomedUid);
        return removed;
    }

    private <T extends HasMetadata> int removeDependent(io.fabric8.kubernetes.client.dsl.Resource<T> named,
                                                        String namespace, String name, String doomedUid) {
        var existing = named.get();
        if (existing == null || !madeByPortal(existing)) {
            return 0;
        }
        var owner = ownerUid(existing);
        if (owner != null && !owner.equals(doomedUid)) {
            var live = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (live != null && owner.equals(live.getMetadata().getUid())) {
                return 0;
            }
        }
        try {
            return named.lockResourceVersion(existing.getMetadata().getResourceVersion()).delete().isEmpty() ? 0 : 1;
        } catch (KubernetesClientException e) {
            if (KubernetesErrors.isConflict(e) || KubernetesErrors.isNotFound(e)) {
                return 0; // changed (taken over by a new create) or gone meanwhile: not this request's to delete
            }
            throw e;
        }
    }

    /**
     * Undoes a create that failed part-way: its Service and autoscaler, and its Deployment if still the one it
     * made. Never another request's objects. A failure here is logged; the create's own failure is reported.
     */
    void undo(String namespace, String name, String uid) {
        try {
            var live = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (live != null && uid.equals(live.getMetadata().getUid())) {
                // Not locked to its version: the controller's status writes move it all the time.
                client.apps().deployments().inNamespace(namespace).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
            remove(namespace, name, uid);
        } catch (KubernetesClientException e) {
            log.warn("Could not remove what a failed create of {}/{} had made: {}", namespace, name, e.getMessage());
        }
    }

    static boolean madeByPortal(HasMetadata object) {
        var labels = object.getMetadata().getLabels();
        return labels != null && DeploymentManifests.MANAGED_BY.equals(labels.get(DeploymentManifests.MANAGED_BY_LABEL))
                && "model".equals(labels.get(DeploymentManifests.KIND_LABEL));
    }

    private static String ownerUid(HasMetadata object) {
        var annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(DeploymentManifests.DEPLOYMENT_UID_ANNOTATION);
    }

    private static <T extends HasMetadata> T ownedBy(T object, String uid) {
        var annotations = object.getMetadata().getAnnotations() == null
                ? new java.util.LinkedHashMap<String, String>()
                : new java.util.LinkedHashMap<>(object.getMetadata().getAnnotations());
        annotations.put(DeploymentManifests.DEPLOYMENT_UID_ANNOTATION, uid);
        object.getMetadata().setAnnotations(annotations);
        return object;
    }
}
