package dev.converge.portal.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Catalogs and clusters crafted for the cost tests. */
final class CostFixtures {

    private CostFixtures() {
    }

    /** OpenCost's defaults everywhere, no spot discount. */
    static PricingCatalog defaults() {
        return catalog(Map.of(), Map.of());
    }

    /**
     * zone-a: the defaults, spot 60 % off; zone-b: CPU 0.025 and memory 0.004, spot 50 % off; GPU type
     * nvidia-a100-80gb: 3.0.
     */
    static PricingCatalog zoned() {
        return catalog(Map.of(
                "zone-a", new CostProperties.ZoneRates(null, null, null, null, new BigDecimal("0.6")),
                "zone-b", new CostProperties.ZoneRates(new BigDecimal("0.025"), new BigDecimal("0.004"), null, null,
                        new BigDecimal("0.5"))),
                Map.of("nvidia-a100-80gb", new BigDecimal("3.0")));
    }

    static CostProperties properties(Map<String, CostProperties.ZoneRates> zones, Map<String, BigDecimal> gpuTypes) {
        return new CostProperties("USD", 730, new CostProperties.Rates(CostProperties.DEFAULT_CPU,
                CostProperties.DEFAULT_MEMORY, CostProperties.DEFAULT_GPU, CostProperties.DEFAULT_STORAGE),
                gpuTypes, zones, Duration.ZERO, Duration.ofDays(7), Duration.ZERO, ".*prod.*", ".*-dev");
    }

    static PricingCatalog catalog(Map<String, CostProperties.ZoneRates> zones, Map<String, BigDecimal> gpuTypes) {
        return new PricingCatalog(properties(zones, gpuTypes));
    }

    /** A cluster of fixed zones where every zone has room for {@code room} more pods of any size. */
    static Capacity capacity(Map<String, Integer> room, String... gpuTypes) {
        return new Capacity() {
            @Override
            public SortedSet<String> zones() {
                return new TreeSet<>(room.keySet());
            }

            @Override
            public SortedSet<String> gpuTypes() {
                return new TreeSet<>(java.util.List.of(gpuTypes));
            }

            @Override
            public Map<String, Integer> room(String cpu, String memory, int gpus, String gpuType) {
                return new TreeMap<>(room);
            }
        };
    }
}
