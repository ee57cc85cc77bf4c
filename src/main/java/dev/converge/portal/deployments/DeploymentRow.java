package dev.converge.portal.deployments;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.converge.portal.live.LiveRow;

/**
 * What a live deployment row shows: ready of desired replicas, the {@link DeploymentState} they add up to and, while
 * {@code Unschedulable}, why in words ({@code reason}, else null). The list, the detail page and the live stream
 * render the same row.
 */
public record DeploymentRow(String namespace, String name, int ready, int desired, String state, String reason,
                            boolean deleted) implements LiveRow {

    public DeploymentRow(String namespace, String name, int ready, int desired, String state, boolean deleted) {
        this(namespace, name, ready, desired, state, null, deleted);
    }

    DeploymentRow asDeleted() {
        return new DeploymentRow(namespace, name, 0, desired, state, null, true);
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
        var data = new LinkedHashMap<String, Object>(Map.of("namespace", namespace, "name", name, "ready", ready,
                "desired", desired, "state", state, "deleted", deleted));
        if (reason != null) {
            data.put("reason", reason);
        }
        return data;
    }
}
