package dev.converge.portal.deployments;

import java.util.List;
import java.util.Map;

/**
 * One zone as the zones page and {@code GET /deployments/zones} show it. CPU in millicores, memory in bytes;
 * {@code gpus} maps each GPU type to allocatable and requested counts. {@code closure} is null for an open zone.
 */
public record ZoneSummary(
        String zone,
        int nodes,
        long allocatableCpuMillis,
        long requestedCpuMillis,
        long allocatableMemoryBytes,
        long requestedMemoryBytes,
        Map<String, GpuUsage> gpus,
        List<String> deployments,
        ZoneClosure closure) {

    public record GpuUsage(int allocatable, int requested) {
        public int free() {
            return Math.max(0, allocatable - requested);
        }
    }

    public boolean closed() {
        return closure != null;
    }

    public long freeCpuMillis() {
        return Math.max(0, allocatableCpuMillis - requestedCpuMillis);
    }

    public long freeMemoryBytes() {
        return Math.max(0, allocatableMemoryBytes - requestedMemoryBytes);
    }
}
