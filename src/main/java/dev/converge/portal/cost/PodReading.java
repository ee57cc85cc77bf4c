package dev.converge.portal.cost;

/**
 * One scheduled pod as the cost model sees it: where it runs, what it requests and what it uses now (CPU in cores,
 * memory in GiB). {@code zone} and {@code gpuType} are "" when unknown; {@code ragModel} is the RAG model a runtime
 * pod serves ("" for every other pod); {@code spot} says its node is spot capacity, priced at the zone's spot rate.
 */
public record PodReading(String namespace, String team, String deployment, String pod, String zone, String gpuType,
                         double cpuRequest, double cpuUsage, double memoryRequest, double memoryUsage, int gpus,
                         String ragModel, boolean spot) {

    /** A pod on an on-demand node. */
    public PodReading(String namespace, String team, String deployment, String pod, String zone, String gpuType,
                      double cpuRequest, double cpuUsage, double memoryRequest, double memoryUsage, int gpus,
                      String ragModel) {
        this(namespace, team, deployment, pod, zone, gpuType, cpuRequest, cpuUsage, memoryRequest, memoryUsage, gpus,
                ragModel, false);
    }

    /** A pod on an on-demand node that serves no RAG model. */
    public PodReading(String namespace, String team, String deployment, String pod, String zone, String gpuType,
                      double cpuRequest, double cpuUsage, double memoryRequest, double memoryUsage, int gpus) {
        this(namespace, team, deployment, pod, zone, gpuType, cpuRequest, cpuUsage, memoryRequest, memoryUsage, gpus,
                "", false);
    }

    /** The same pod in another zone (what a move would cost), on the same kind of capacity. */
    PodReading inZone(String otherZone) {
        return new PodReading(namespace, team, deployment, pod, otherZone, gpuType, cpuRequest, cpuUsage,
                memoryRequest, memoryUsage, gpus, ragModel, spot);
    }
}
