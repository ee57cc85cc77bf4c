package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/**
 * The simulated replicaset-controller: keeps as many unfinished pods as {@code spec.replicas} asks for, named
 * {@code <replicaset>-<5 random characters>}, and writes the ReplicaSet's status.
 */
final class ReplicaSetController {

    static final String COMPONENT = "replicaset-controller";
    /** The alphabet Kubernetes uses for generated name suffixes (no vowels, no confusable characters). */
    static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final ObjectView<ReplicaSet> replicaSets;
    private final ObjectView<Pod> pods;
    private final ApiWriter writer;
    private final EventRecorder events;

    ReplicaSetController(ObjectView<ReplicaSet> replicaSets, ObjectView<Pod> pods, ApiWriter writer,
            EventRecorder events) {
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.writer = writer;
        this.events = events;
    }

    void reconcile(String key) {
        var replicaSet = replicaSets.get(key);
        if (replicaSet == null || Pods.isDeleting(replicaSet)) {
            return;
        }
        var active = new ArrayList<>(pods.byOwner(replicaSet.getMetadata().getUid()).stream()
                .filter(Pods::isActive).toList());
        int desired = replicaSet.getSpec().getReplicas() == null ? 1 : replicaSet.getSpec().getReplicas();
        for (int i = active.size(); i < desired; i++) {
            var created = writer.create(pods, newPod(replicaSet));
            if (created != null) {
                active.add(created);
                events.normal(replicaSet, COMPONENT, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
            }
        }
        if (active.size() > desired) {
            // Like the real controller: give up the pods that are least far along first.
            active.sort(Comparator.comparingInt(ReplicaSetController::progress)
                    .thenComparing(pod -> pod.getMetadata().getCreationTimestamp(),
                            Comparator.nullsLast(Comparator.reverseOrder())));
            for (var pod : List.copyOf(active.subList(0, active.size() - desired))) {
                delete(replicaSet, pod);
                active.remove(pod);
            }
        }
        writeStatus(replicaSet, active);
    }

    private void delete(ReplicaSet replicaSet, Pod pod) {
        if (Pods.isRunning(pod)) {
            pod.getSpec().getContainers().forEach(container -> events.normal(pod, SimulatedKubelet.COMPONENT,
                    pod.getSpec().getNodeName(), "Killing", "Stopping container " + container.getName()));
        }
        writer.delete(pods, pod);
        events.normal(replicaSet, COMPONENT, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
    }

    private void writeStatus(ReplicaSet replicaSet, List<Pod> active) {
        int ready = (int) active.stream().filter(Pods::isReady).count();
        var generation = replicaSet.getMetadata().getGeneration();
        var status = replicaSet.getStatus();
        if (status != null && equal(status.getReplicas(), active.size()) && equal(status.getReadyReplicas(), ready)
                && equal(status.getAvailableReplicas(), ready) && java.util.Objects.equals(
                        status.getObservedGeneration(), generation)) {
            return;
        }
        writer.update(replicaSets, replicaSet, copy -> {
            copy.setStatus(new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder()
                    .withReplicas(active.size())
                    .withFullyLabeledReplicas(active.size())
                    .withReadyReplicas(ready)
                    .withAvailableReplicas(ready)
                    .withObservedGeneration(generation)
                    .build());
            return copy;
        }, true);
    }

    private static boolean equal(Integer value, int expected) {
        return (value == null ? 0 : value) == expected;
    }

    /** 0 unscheduled, 1 pending on a node, 2 running not ready, 3 ready. */
    private static int progress(Pod pod) {
        if (!Pods.isBound(pod)) {
            return 0;
        }
        if (!Pods.isRunning(pod)) {
            return 1;
        }
        return Pods.isReady(pod) ? 3 : 2;
    }

    private static Pod newPod(ReplicaSet replicaSet) {
        var template = replicaSet.getSpec().getTemplate();
        var metadata = template.getMetadata();
        return new PodBuilder()
                .withNewMetadata()
                    .withName(replicaSet.getMetadata().getName() + "-" + randomSuffix())
                    .withNamespace(replicaSet.getMetadata().getNamespace())
                    .withLabels(metadata == null || metadata.getLabels() == null ? new HashMap<>()
                            : new HashMap<>(metadata.getLabels()))
                    .withAnnotations(metadata == null || metadata.getAnnotations() == null ? new HashMap<>()
                            : new HashMap<>(metadata.getAnnotations()))
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("apps/v1").withKind("ReplicaSet")
                            .withName(replicaSet.getMetadata().getName())
                            .withUid(replicaSet.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true)
                            .build())
                .endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    static String randomSuffix() {
        var random = ThreadLocalRandom.current();
        var suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(SAFE_ALPHABET.charAt(random.nextInt(SAFE_ALPHABET.length())));
        }
        return suffix.toString();
    }
}
