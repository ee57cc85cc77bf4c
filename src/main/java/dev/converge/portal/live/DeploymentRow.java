package dev.converge.portal.live;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/** What a live deployment row shows: ready of desired replicas and the state they add up to. */
public record DeploymentRow(String namespace, String name, int ready, int desired, String state, boolean deleted)
        implements LiveRow {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String FAILED = "Failed";
    public static final String SCALED_DOWN = "ScaledDown";
    static final List<String> STATES = List.of(READY, PROGRESSING, FAILED, SCALED_DOWN);

    public static DeploymentRow of(Deployment deployment) {
        var desired = Optional.ofNullable(deployment.getSpec()).map(DeploymentSpec::getReplicas).orElse(1);
        var status = Optional.ofNullable(deployment.getStatus());
        var ready = status.map(DeploymentStatus::getReadyReplicas).orElse(0);
        var state = desired == 0 ? SCALED_DOWN
                : ready >= desired ? READY
                : failed(status.map(DeploymentStatus::getConditions).orElse(List.of())) ? FAILED
                : PROGRESSING;
        return new DeploymentRow(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                ready, desired, state, false);
    }

    DeploymentRow asDeleted() {
        return new DeploymentRow(namespace, name, 0, desired, state, true);
    }

    /** The rollout gave up, or pods cannot be created: waiting longer will not help. */
    private static boolean failed(List<DeploymentCondition> conditions) {
        return conditions.stream().anyMatch(condition ->
                ("Progressing".equals(condition.getType()) && "False".equals(condition.getStatus()))
                || ("ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus())));
    }

    @Override
    public String status() {
        return state;
    }

    @Override
    public String eventName() {
        return "deployment-row-" + namespace + "-" + name;
    }

    @Override
    public Map<String, Object> data() {
        return Map.of("namespace", namespace, "name", name, "ready", ready, "desired", desired, "state", state,
                "deleted", deleted);
    }
}
