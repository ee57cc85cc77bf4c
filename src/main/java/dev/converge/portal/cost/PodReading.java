package dev.converge.portal.cost;

/**
 * One scheduled pod as the cost model sees it: where it runs, what it requests and what it uses now (CPU in cores,
 * memory in GiB). {@code zone} and {@code gpuType} are "" when unknown.
 */
public record PodReading(String namespace, String team, String deployment, String pod, String zone, String gpuType,
                         double cpuRequest, double cpuUsage, double memoryRequest, double memoryUsage, int gpus) {
}
