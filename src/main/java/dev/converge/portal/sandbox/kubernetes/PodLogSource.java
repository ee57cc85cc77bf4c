package dev.converge.portal.sandbox.kubernetes;

import java.util.List;
import java.util.function.Consumer;

/**
 * Pod logs written by the simulated kubelet. The sandbox API server serves them at
 * {@code /api/v1/namespaces/{ns}/pods/{name}/log} (the CRUD mock server cannot).
 */
public interface PodLogSource {

    /** Lines logged so far by a container, oldest first; empty when the pod or container is unknown. */
    List<String> lines(String namespace, String pod, String container);

    /**
     * Calls {@code onLine} for each new line of a container and {@code onEnd} when the container stops; closing the
     * returned handle stops the calls.
     */
    AutoCloseable follow(String namespace, String pod, String container, Consumer<String> onLine, Runnable onEnd);

    /** Whether the container is still running and so may log more. */
    boolean isRunning(String namespace, String pod, String container);
}
