package dev.converge.portal.deployments;

import java.util.List;
import java.util.Map;

import dev.converge.portal.shared.web.Conflict;

/**
 * Someone changed the deployment after the form (or the API client) read it; applying the edit would overwrite
 * their change. {@link #changes()} says what differs now.
 */
public final class DeploymentChanged extends Conflict {

    private final List<String> changes;

    private DeploymentChanged(List<String> changes, String code, Object... args) {
        super(Map.of("resourceVersion", "deployments.error.resourceVersion.stale"), Map.of(), code, args);
        this.changes = List.copyOf(changes);
    }

    /** The detail names who changed it ({@code by}, when known) and what changed (when known). */
    public static DeploymentChanged since(String namespace, String name, List<String> changes, String by) {
        var code = "deployments.error.changed" + (by == null ? "" : ".by") + (changes.isEmpty() ? "" : ".changes");
        return new DeploymentChanged(changes, code, namespace, name, by, String.join("; ", changes));
    }

    /** A concurrent delete removed the Deployment before its create had finished; nothing of it is left. */
    static DeploymentChanged deletedWhileCreating(String namespace, String name) {
        return new DeploymentChanged(List.of(), "deployments.error.deletedWhileCreating", namespace, name);
    }

    public List<String> changes() {
        return changes;
    }
}
