package dev.converge.portal.sandbox.kubernetes;

import java.util.List;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;

/**
 * Simulated resource usage, served by the sandbox API server under {@code metrics.k8s.io/v1beta1} as a real
 * metrics-server would.
 */
public interface PodMetricsSource {

    /** Usage of the running pods of a namespace, or of all namespaces when {@code namespace} is null. */
    List<PodMetrics> podMetrics(String namespace);

    List<NodeMetrics> nodeMetrics();
}
