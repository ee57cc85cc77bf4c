package dev.converge.portal.cost;

/**
 * The hourly cost of one pod by the OpenCost rule: each resource costs max(request, usage) × its rate; the part of
 * the request left unused is idle cost, shown apart (it is inside the cost, not on top of it). GPUs cost what is
 * requested (metrics-server reports no GPU usage). A pod on a spot node pays the zone's spot rates (the on-demand
 * rates less the zone's spot discount), its idle part included.
 */
public record Allocation(PodReading pod, double cpu, double memory, double gpu, double idle) {

    public double total() {
        return cpu + memory + gpu;
    }

    public static Allocation of(PodReading pod, ZonePrices prices) {
        double share = prices.share(pod.spot());
        double cpuRate = prices.cpu().doubleValue() * share;
        double memoryRate = prices.memory().doubleValue() * share;
        double cpu = Math.max(pod.cpuRequest(), pod.cpuUsage()) * cpuRate;
        double memory = Math.max(pod.memoryRequest(), pod.memoryUsage()) * memoryRate;
        double gpu = pod.gpus() * prices.gpu(pod.gpuType().isEmpty() ? null : pod.gpuType()).doubleValue() * share;
        double idle = Math.max(0, pod.cpuRequest() - pod.cpuUsage()) * cpuRate
                + Math.max(0, pod.memoryRequest() - pod.memoryUsage()) * memoryRate;
        return new Allocation(pod, cpu, memory, gpu, idle);
    }
}
