package dev.converge.portal.platform.kubernetes;

/**
 * The resolved runtime mode: a real cluster, or the embedded sandbox. Only platform code and the layout's badge look
 * at it; features see a {@code KubernetesClient} and never branch on the mode.
 */
public enum ClusterMode {
    CLUSTER, SANDBOX;

    public boolean isSandbox() {
        return this == SANDBOX;
    }
}
