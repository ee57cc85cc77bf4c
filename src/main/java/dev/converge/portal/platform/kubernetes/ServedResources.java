package dev.converge.portal.platform.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.stereotype.Component;

/** API discovery: whether the cluster serves a resource (a CRD is installed), asked of the API server. */
@Component
public class ServedResources {

    private final KubernetesClient client;

    public ServedResources(KubernetesClient client) {
        this.client = client;
    }

    /** Whether {@code plural} is served under {@code groupVersion} (e.g. {@code converge.dev/v1alpha1}). */
    public boolean serves(String groupVersion, String plural) {
        try {
            var resources = client.getApiResources(groupVersion);
            return resources != null && resources.getResources() != null && resources.getResources().stream()
                    .anyMatch(r -> plural.equals(r.getName()));
        } catch (KubernetesClientException e) {
            return false;
        }
    }
}
