package dev.converge.portal.sandbox.kubernetes;

import java.util.Map;

/**
 * The Running and Ready pod the service proxy picked for a request.
 *
 * @param namespace           the pod's namespace
 * @param name                the pod's name
 * @param labels              the pod's labels
 * @param workloadKind        the kind of the pod's top controller ({@code Deployment} through its ReplicaSet), or
 *                            {@code Pod} when it has none
 * @param workloadName        that controller's name (the pod's own name when it has none)
 * @param workloadAnnotations that controller's annotations (e.g. {@code converge.dev/spec} of a portal deployment)
 * @param env                 the literal env values of the container that has the target port (else the first)
 * @param port                the container port the Service's target port resolved to
 */
public record ProxiedPod(String namespace, String name, Map<String, String> labels, String workloadKind,
                         String workloadName, Map<String, String> workloadAnnotations, Map<String, String> env,
                         int port) {

    public ProxiedPod {
        labels = Map.copyOf(labels);
        workloadAnnotations = Map.copyOf(workloadAnnotations);
        env = Map.copyOf(env);
    }
}
