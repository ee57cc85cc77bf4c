package dev.converge.portal.deployments;

import java.util.List;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.security.CurrentUser;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.stereotype.Service;

/**
 * The logs of a deployment's pods (their serving container): the last lines, the whole log for download, and the
 * live follow. Only pods of the deployment, and only for users who may read its namespace.
 */
@Service
public class DeploymentLogs {

    private static final int MAX_LINES = 1000;

    private final DeploymentViews deployments;
    private final KubernetesCaches caches;
    private final KubernetesClient client;
    private final PodLogFollower follower;

    public DeploymentLogs(DeploymentViews deployments, KubernetesCaches caches, KubernetesClient client,
                          PodLogFollower follower) {
        this.deployments = deployments;
        this.caches = caches;
        this.client = client;
        this.follower = follower;
    }

    /** The last lines the pod logged. */
    public List<String> lastLines(String namespace, String name, String podName, int lines, CurrentUser user) {
        var text = read(namespace, name, podName, Math.max(1, Math.min(lines, MAX_LINES)), user);
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }

    /** Everything the API server still has of the pod's log. */
    public String fullLog(String namespace, String name, String podName, CurrentUser user) {
        var text = read(namespace, name, podName, null, user);
        return text == null ? "" : text;
    }

    /**
     * Follows the pod's log live (or renews the follow) while its serving container runs; a pod that has not
     * started yet is followed once it runs, at the page's next renewal.
     */
    public void follow(String namespace, String name, String podName, CurrentUser user) {
        var pod = podOf(namespace, name, podName, user);
        var container = servingContainer(pod);
        if (isRunning(pod, container)) {
            follower.follow(namespace, podName, container);
        }
    }

    private String read(String namespace, String name, String podName, Integer tail, CurrentUser user) {
        var pod = podOf(namespace, name, podName, user);
        caches.requireConnected(Pod.class, "pod logs");
        try {
            var log = client.pods().inNamespace(namespace).withName(podName).inContainer(servingContainer(pod));
            return tail == null ? log.getLog() : log.tailingLines(tail).getLog();
        } catch (KubernetesClientException e) {
            throw ClusterCallFailed.of(e, "deployments.what.podLog", podName);
        }
    }

    private Pod podOf(String namespace, String name, String podName, CurrentUser user) {
        var detail = deployments.get(namespace, name, user);
        return caches.get(Pod.class, namespace, podName)
                .filter(p -> detail.pods().stream().anyMatch(view -> view.name().equals(podName)))
                .orElseThrow(() -> DeploymentNotFound.pod(namespace, name, podName));
    }

    private static String servingContainer(Pod pod) {
        var containers = pod.getSpec().getContainers();
        return containers.stream().anyMatch(c -> DeploymentManifests.SERVER_CONTAINER.equals(c.getName()))
                ? DeploymentManifests.SERVER_CONTAINER : containers.get(0).getName();
    }

    private static boolean isRunning(Pod pod, String container) {
        var statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        return statuses != null && statuses.stream().anyMatch(s -> container.equals(s.getName())
                && s.getState() != null && s.getState().getRunning() != null);
    }
}
