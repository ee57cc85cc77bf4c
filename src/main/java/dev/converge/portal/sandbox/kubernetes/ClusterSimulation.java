package dev.converge.portal.sandbox.kubernetes;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The simulated cluster behind the sandbox API server (nodes, scheduler, kubelet, controllers, metrics, logs), in the
 * spirit of KWOK. It SIMULATES: no container ever runs. The sandbox API server starts first, then calls
 * {@link #start} with a client connected to it.
 */
public interface ClusterSimulation extends PodLogSource, PodMetricsSource, AutoCloseable {

    /** Creates what is missing (nodes, team namespaces) and starts the simulated controllers. */
    void start(KubernetesClient client);

    @Override
    void close();

    /**
     * The simulated containers' log lines (the last {@code maxLinesPerContainer} of each) by {@code namespace/pod}
     * and container, saved with the sandbox's state so a restart keeps the logs of the pods it keeps.
     */
    default Map<String, Map<String, List<String>>> savedLogs(int maxLinesPerContainer) {
        return Map.of();
    }

    /** Lines saved by {@link #savedLogs} before a restart; called before {@link #start}. */
    default void restoreLogs(Map<String, Map<String, List<String>>> saved) {
    }
}
