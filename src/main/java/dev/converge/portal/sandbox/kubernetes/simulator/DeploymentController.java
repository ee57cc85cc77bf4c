package dev.converge.portal.sandbox.kubernetes.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

/**
 * The simulated deployment-controller: one ReplicaSet per pod template revision ({@code <deployment>-<hash>}),
 * rolling from old to new within {@code maxSurge} / {@code maxUnavailable} (default 25% each), scaling, and the
 * Deployment's status with its Available and Progressing conditions. A {@code kubectl rollout restart} changes the
 * template (its {@code restartedAt} annotation) and so rolls like any other template change.
 */
final class DeploymentController {

    static final String COMPONENT = "deployment-controller";
    static final String HASH_LABEL = "pod-template-hash";
    static final String REVISION = "deployment.kubernetes.io/revision";

    private final ObjectView<Deployment> deployments;
    private final ObjectView<ReplicaSet> replicaSets;
    private final ObjectView<Pod> pods;
    private final ApiWriter writer;
    private final EventRecorder events;
    private final Clock clock;
    private final Consumer<String> replicaSetChanged;

    DeploymentController(ObjectView<Deployment> deployments, ObjectView<ReplicaSet> replicaSets, ObjectView<Pod> pods,
            ApiWriter writer, EventRecorder events, Clock clock, Consumer<String> replicaSetChanged) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.writer = writer;
        this.events = events;
        this.clock = clock;
        this.replicaSetChanged = replicaSetChanged;
    }

    /** Pods of one ReplicaSet as the controller sees them. */
    private record Counts(int active, int ready) {
    }

    void reconcile(String key) {
        var deployment = deployments.get(key);
        if (deployment == null || Pods.isDeleting(deployment)) {
            return;
        }
        int desired = desired(deployment);
        var owned = new ArrayList<>(replicaSets.byOwner(deployment.getMetadata().getUid()).stream()
                .filter(rs -> !Pods.isDeleting(rs)).toList());
        var hash = templateHash(deployment.getSpec().getTemplate());
        var current = owned.stream().filter(rs -> hash.equals(Pods.labels(rs).get(HASH_LABEL))).findFirst().orElse(null);
        var old = new ArrayList<>(owned);
        old.remove(current);
        old.sort(Comparator.comparingLong(DeploymentController::revision));
        int maxRevision = owned.stream().mapToInt(rs -> (int) revision(rs)).max().orElse(0);
        var counts = new HashMap<String, Counts>();
        owned.forEach(rs -> counts.put(rs.getMetadata().getUid(), count(rs)));
        boolean paused = Boolean.TRUE.equals(deployment.getSpec().getPaused());

        if (current == null && !paused) {
            int oldReplicas = old.stream().mapToInt(DeploymentController::replicas).sum();
            int initial;
            if (oldReplicas == 0) {
                initial = desired;
            } else if (recreate(deployment)) {
                initial = 0;
            } else {
                initial = Math.max(0, Math.min(desired, desired + maxSurge(deployment, desired) - oldReplicas));
            }
            current = writer.create(replicaSets, newReplicaSet(deployment, hash, initial, maxRevision + 1));
            if (current == null) {
                return;
            }
            counts.put(current.getMetadata().getUid(), new Counts(0, 0));
            if (initial > 0) {
                scaledEvent(deployment, current, 0, initial);
            }
            replicaSetChanged.accept(Pods.key(current));
        } else if (current != null && revision(current) < maxRevision && !paused) {
            int next = maxRevision + 1;
            current = writer.update(replicaSets, current, copy -> {
                copy.getMetadata().getAnnotations().put(REVISION, String.valueOf(next));
                return copy;
            }, false);
        }
        if (current != null && !paused) {
            rollOrScale(deployment, desired, current, old, counts);
        }
        writeRevision(deployment, current);
        writeStatus(deployment, desired, current, owned, counts);
    }

    private void rollOrScale(Deployment deployment, int desired, ReplicaSet current, List<ReplicaSet> old,
            Map<String, Counts> counts) {
        int oldReplicas = old.stream().mapToInt(DeploymentController::replicas).sum();
        if (oldReplicas == 0) {
            if (replicas(current) != desired) {
                scale(deployment, current, desired);
            }
            return;
        }
        if (recreate(deployment)) {
            old.stream().filter(rs -> replicas(rs) > 0).forEach(rs -> scale(deployment, rs, 0));
            return;
        }
        int maxSurge = maxSurge(deployment, desired);
        int maxUnavailable = maxUnavailable(deployment, desired, maxSurge);
        // Scale the new ReplicaSet up as far as the surge allows.
        int total = replicas(current) + oldReplicas;
        int target = Math.min(desired, replicas(current) + Math.max(0, desired + maxSurge - total));
        if (target != replicas(current)) {
            current = scale(deployment, current, target);
            if (current == null) {
                return;
            }
        }
        // Scale old ReplicaSets down as far as availability allows: unhealthy pods first, then available ones.
        int allPods = counts.values().stream().mapToInt(Counts::active).sum();
        int minAvailable = desired - maxUnavailable;
        var currentCounts = counts.getOrDefault(current.getMetadata().getUid(), new Counts(0, 0));
        int newUnavailable = Math.max(0, replicas(current) - currentCounts.ready());
        int budget = allPods - minAvailable - newUnavailable;
        int available = counts.values().stream().mapToInt(Counts::ready).sum();
        int availableBudget = available - minAvailable;
        for (var rs : old) {
            if (budget <= 0) {
                break;
            }
            var rsCounts = counts.getOrDefault(rs.getMetadata().getUid(), new Counts(0, 0));
            int unhealthy = Math.max(0, replicas(rs) - rsCounts.ready());
            int down = Math.min(budget, unhealthy);
            int healthyDown = Math.max(0, Math.min(Math.min(budget - down, availableBudget), replicas(rs) - down));
            down += healthyDown;
            availableBudget -= healthyDown;
            if (down > 0) {
                budget -= down;
                scale(deployment, rs, replicas(rs) - down);
            }
        }
    }

    private ReplicaSet scale(Deployment deployment, ReplicaSet replicaSet, int replicas) {
        int from = replicas(replicaSet);
        var scaled = writer.update(replicaSets, replicaSet, copy -> {
            copy.getSpec().setReplicas(replicas);
            return copy;
        }, false);
        if (scaled != null) {
            scaledEvent(deployment, scaled, from, replicas);
            replicaSetChanged.accept(Pods.key(scaled));
        }
        return scaled;
    }

    private void scaledEvent(Deployment deployment, ReplicaSet replicaSet, int from, int to) {
        events.normal(deployment, COMPONENT, "ScalingReplicaSet", "Scaled " + (to > from ? "up" : "down")
                + " replica set " + replicaSet.getMetadata().getName() + " from " + from + " to " + to);
    }

    private void writeRevision(Deployment deployment, ReplicaSet current) {
        if (current == null) {
            return;
        }
        var revision = String.valueOf(revision(current));
        var annotations = deployment.getMetadata().getAnnotations();
        if (annotations != null && revision.equals(annotations.get(REVISION))) {
            return;
        }
        writer.update(deployments, deployment, copy -> {
            if (copy.getMetadata().getAnnotations() == null) {
                copy.getMetadata().setAnnotations(new HashMap<>());
            }
            copy.getMetadata().getAnnotations().put(REVISION, revision);
            return copy;
        }, false);
    }

    private void writeStatus(Deployment deployment, int desired, ReplicaSet current, List<ReplicaSet> owned,
            Map<String, Counts> counts) {
        int replicas = counts.values().stream().mapToInt(Counts::active).sum();
        int ready = counts.values().stream().mapToInt(Counts::ready).sum();
        var currentCounts = current == null ? new Counts(0, 0)
                : counts.getOrDefault(current.getMetadata().getUid(), new Counts(0, 0));
        int specTotal = owned.stream().mapToInt(DeploymentController::replicas).sum()
                + (current != null && !owned.contains(current) ? replicas(current) : 0);
        int unavailable = Math.max(0, Math.max(desired, specTotal) - ready);
        int maxUnavailable = maxUnavailable(deployment, desired, maxSurge(deployment, desired));
        boolean complete = current != null && currentCounts.active() == desired && currentCounts.ready() == desired
                && replicas == desired;
        var rsName = current == null ? deployment.getMetadata().getName() : current.getMetadata().getName();
        var previous = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        var now = Instant.now(clock).toString();
        var status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration() == null ? 1L
                        : deployment.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withUpdatedReplicas(currentCounts.active())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(unavailable)
                .withConditions(
                        condition(previous, "Available", ready >= desired - maxUnavailable,
                                ready >= desired - maxUnavailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                                ready >= desired - maxUnavailable ? "Deployment has minimum availability."
                                        : "Deployment does not have minimum availability.", now),
                        condition(previous, "Progressing", true,
                                complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                                complete ? "ReplicaSet \"" + rsName + "\" has successfully progressed."
                                        : "ReplicaSet \"" + rsName + "\" is progressing.", now))
                .build();
        if (sameStatus(previous, status)) {
            return;
        }
        writer.update(deployments, deployment, copy -> {
            copy.setStatus(status);
            return copy;
        }, true);
    }

    private static DeploymentCondition condition(DeploymentStatus previous, String type, boolean value, String reason,
            String message, String now) {
        var before = previous.getConditions() == null ? null : previous.getConditions().stream()
                .filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        var status = value ? "True" : "False";
        var transition = before != null && status.equals(before.getStatus()) ? before.getLastTransitionTime() : now;
        var update = before != null && status.equals(before.getStatus()) && reason.equals(before.getReason())
                && message.equals(before.getMessage()) ? before.getLastUpdateTime() : now;
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).withLastUpdateTime(update).build();
    }

    private static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getReplicas(), b.getReplicas())
                && Objects.equals(a.getUpdatedReplicas(), b.getUpdatedReplicas())
                && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
                && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
                && Objects.equals(a.getUnavailableReplicas(), b.getUnavailableReplicas())
                && Objects.equals(a.getConditions(), b.getConditions());
    }

    private Counts count(ReplicaSet replicaSet) {
        int active = 0;
        int ready = 0;
        for (var pod : pods.byOwner(replicaSet.getMetadata().getUid())) {
            if (Pods.isActive(pod)) {
                active++;
                if (Pods.isReady(pod)) {
                    ready++;
                }
            }
        }
        return new Counts(active, ready);
    }

    private static ReplicaSet newReplicaSet(Deployment deployment, String hash, int replicas, int revision) {
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(deployment.getSpec().getTemplate())
                .editOrNewMetadata().addToLabels(HASH_LABEL, hash).endMetadata()
                .build();
        var selector = new LabelSelectorBuilder(deployment.getSpec().getSelector())
                .addToMatchLabels(HASH_LABEL, hash).build();
        var labels = new HashMap<>(template.getMetadata().getLabels());
        return new ReplicaSetBuilder()
                .withNewMetadata()
                    .withName(deployment.getMetadata().getName() + "-" + hash)
                    .withNamespace(deployment.getMetadata().getNamespace())
                    .withLabels(labels)
                    .addToAnnotations(REVISION, String.valueOf(revision))
                    .addToAnnotations("deployment.kubernetes.io/desired-replicas", String.valueOf(desired(deployment)))
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("apps/v1").withKind("Deployment")
                            .withName(deployment.getMetadata().getName())
                            .withUid(deployment.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withSelector(selector)
                    .withTemplate(template)
                .endSpec()
                .build();
    }

    /** FNV-32a of the template, spelled in Kubernetes' safe alphabet, like the real pod-template-hash. */
    static String templateHash(PodTemplateSpec template) {
        var json = io.fabric8.kubernetes.client.utils.Serialization.asJson(template);
        int hash = 0x811c9dc5;
        for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        var digits = Long.toString(Integer.toUnsignedLong(hash));
        var encoded = new StringBuilder(digits.length());
        for (char c : digits.toCharArray()) {
            encoded.append(ReplicaSetController.SAFE_ALPHABET.charAt(c % ReplicaSetController.SAFE_ALPHABET.length()));
        }
        return encoded.toString();
    }

    static int desired(Deployment deployment) {
        return deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    }

    private static int replicas(ReplicaSet replicaSet) {
        return replicaSet.getSpec().getReplicas() == null ? 0 : replicaSet.getSpec().getReplicas();
    }

    private static long revision(ReplicaSet replicaSet) {
        var annotations = replicaSet.getMetadata().getAnnotations();
        try {
            return annotations == null ? 0 : Long.parseLong(annotations.getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean recreate(Deployment deployment) {
        var strategy = deployment.getSpec().getStrategy();
        return strategy != null && "Recreate".equals(strategy.getType());
    }

    static int maxSurge(Deployment deployment, int desired) {
        var rolling = rolling(deployment);
        return resolve(rolling == null ? null : rolling.getMaxSurge(), desired, true);
    }

    static int maxUnavailable(Deployment deployment, int desired, int maxSurge) {
        var rolling = rolling(deployment);
        int value = Math.min(desired, resolve(rolling == null ? null : rolling.getMaxUnavailable(), desired, false));
        // Both zero would never make progress; Kubernetes then allows one unavailable pod.
        return value == 0 && maxSurge == 0 ? 1 : value;
    }

    private static io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment rolling(Deployment deployment) {
        var strategy = deployment.getSpec().getStrategy();
        return strategy == null ? null : strategy.getRollingUpdate();
    }

    private static int resolve(IntOrString value, int desired, boolean roundUp) {
        if (value == null) {
            value = new IntOrString("25%");
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        var text = value.getStrVal();
        if (text == null || text.isBlank()) {
            return 0;
        }
        double percent = Double.parseDouble(text.replace("%", "").trim());
        double exact = desired * percent / 100.0;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }
}
