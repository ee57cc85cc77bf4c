package dev.converge.portal.deployments;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * The state a deployment is in, from its desired and ready replicas and its conditions: the one rule behind the
 * list and its status filter, the detail page, the per-namespace counts and the live rows. The label is what pages,
 * JSON and the counts show.
 */
public enum DeploymentState {
    READY("Ready"), PROGRESSING("Progressing"), UNSCHEDULABLE("Unschedulable"), FAILED("Failed"),
    SCALED_DOWN("ScaledDown");

    private final String label;

    DeploymentState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Every label, in the order the filter and the counts show them. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(DeploymentState::label).toList();
    }

    /**
     * With its pods: {@link #UNSCHEDULABLE} while one of them waits for a node that can hold it (waiting longer does
     * not help until room is made), before {@link #FAILED}, since it says why the rollout gave up.
     */
    static DeploymentState of(Deployment deployment, List<Pod> pods) {
        var state = of(deployment);
        if ((state == PROGRESSING || state == FAILED) && pods.stream().anyMatch(DeploymentState::unschedulable)) {
            return UNSCHEDULABLE;
        }
        return state;
    }

    /** Pending with {@code PodScheduled=False, reason Unschedulable}: no node has room for it or matches it. */
    static boolean unschedulable(Pod pod) {
        var status = pod.getStatus();
        return status != null && "Pending".equals(status.getPhase()) && status.getConditions() != null
                && status.getConditions().stream().anyMatch(condition -> "PodScheduled".equals(condition.getType())
                && "False".equals(condition.getStatus()) && "Unschedulable".equals(condition.getReason()));
    }

    /** From the Deployment alone (its pods unknown): never {@link #UNSCHEDULABLE}. */
    static DeploymentState of(Deployment deployment) {
        var desired = desiredReplicas(deployment);
        if (desired == 0) {
            return SCALED_DOWN;
        }
        if (readyReplicas(deployment) >= desired) {
            return READY;
        }
        var conditions = Optional.ofNullable(deployment.getStatus()).map(DeploymentStatus::getConditions)
                .orElse(List.of());
        return failed(conditions) ? FAILED : PROGRESSING;
    }

    /** The replicas asked for; unset means one, as Kubernetes defaults it. */
    static int desiredReplicas(Deployment deployment) {
        return Optional.ofNullable(deployment.getSpec()).map(DeploymentSpec::getReplicas).orElse(1);
    }

    static int readyReplicas(Deployment deployment) {
        return Optional.ofNullable(deployment.getStatus()).map(DeploymentStatus::getReadyReplicas).orElse(0);
    }

    /** The rollout gave up, or pods cannot be created: waiting longer will not help. */
    private static boolean failed(List<DeploymentCondition> conditions) {
        return conditions.stream().anyMatch(condition ->
                ("Progressing".equals(condition.getType()) && "False".equals(condition.getStatus()))
                || ("ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus())));
    }
}
