package dev.converge.portal.deployments;

import java.util.Map;

import dev.converge.portal.live.LiveRow;

/**
 * What a live deployment row shows: ready of desired replicas and the {@link DeploymentState} they add up to. The
 * list, the detail page and the live stream render the same row.
 */
public record DeploymentRow(String namespace, String name, int ready, int desired, String state, boolean deleted)
        implements LiveRow {

    DeploymentRow asDeleted() {
        return new DeploymentRow(namespace, name, 0, desired, state, true);
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
