package dev.converge.portal.cost;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The hourly on-demand rates that apply in one zone: per vCPU, per GiB of memory, per GPU (by type, and for a GPU of
 * no known type), per GiB of storage, and the spot discount (0.6 = spot costs 40 % of on-demand).
 */
public record ZonePrices(String zone, BigDecimal cpu, BigDecimal memory, BigDecimal gpu,
                         Map<String, BigDecimal> gpuTypes, BigDecimal storage, BigDecimal spotDiscount) {

    public BigDecimal gpu(String type) {
        return type == null ? gpu : gpuTypes.getOrDefault(type, gpu);
    }

    /** The share of the on-demand rates a pod pays here: all of them on demand, 1 − the spot discount on spot. */
    public double share(boolean spot) {
        return spot ? 1 - spotDiscount.doubleValue() : 1;
    }
}
