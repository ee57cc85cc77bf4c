package dev.converge.portal.deployments;

import java.util.List;
import java.util.Map;

/**
 * Someone changed the deployment after the form (or the API client) read it; applying the edit would overwrite
 * their change. {@link #changes()} says what differs now.
 */
public final class DeploymentChanged extends DeploymentProblem {

    private final List<String> changes;

    private DeploymentChanged(String message, List<String> changes) {
        super(409, message, Map.of("resourceVersion", "out of date: reload and apply your change again"), null);
        this.changes = List.copyOf(changes);
    }

    public static DeploymentChanged since(String namespace, String name, List<String> changes, String by) {
        var who = by == null ? "" : " by " + by;
        var what = changes.isEmpty() ? "." : ": " + String.join("; ", changes) + ".";
        return new DeploymentChanged("Deployment " + namespace + "/" + name + " was changed" + who
                + " after you loaded it" + what + " Reload to see the current version, then apply your change again.",
                changes);
    }

    /** A concurrent delete removed the Deployment before its create had finished; nothing of it is left. */
    public static DeploymentChanged deletedWhileCreating(String namespace, String name) {
        return new DeploymentChanged("Deployment " + namespace + "/" + name + " was deleted by someone else while it"
                + " was being created; nothing of it is left. Create it again if you still want it.", List.of());
    }

    public List<String> changes() {
        return changes;
    }
}
