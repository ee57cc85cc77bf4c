package dev.converge.portal.sandbox.kubernetes;

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
}
