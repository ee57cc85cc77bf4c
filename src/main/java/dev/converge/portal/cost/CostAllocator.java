package dev.converge.portal.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocates the run-rate of a set of pods and adds it up by every {@link GroupBy} in one pass: the dashboard's
 * tables and charts and {@code GET /cost/summary} without dates all come from here. Pure arithmetic over
 * {@link PodReading}s, so it is tested and benchmarked without a cluster.
 */
public final class CostAllocator {

    private CostAllocator() {
    }

    /** The run-rate now: the total, and per grouping its groups by cost, highest first. */
    public record RunRate(CostGroup total, Map<GroupBy, List<CostGroup>> groups) {
        public List<CostGroup> by(GroupBy groupBy) {
            return groups.get(groupBy);
        }
    }

    public static RunRate allocate(List<PodReading> pods, PricingCatalog catalog) {
        var prices = new HashMap<String, ZonePrices>();
        var sums = new EnumMap<GroupBy, Map<String, double[]>>(GroupBy.class);
        for (var groupBy : GroupBy.values()) {
            sums.put(groupBy, new HashMap<>());
        }
        var total = new double[5];
        for (var pod : pods) {
            var zonePrices = prices.computeIfAbsent(pod.zone(), zone -> catalog.in(zone.isEmpty() ? null : zone));
            var a = Allocation.of(pod, zonePrices);
            add(total, a);
            for (var groupBy : GroupBy.values()) {
                add(sums.get(groupBy).computeIfAbsent(groupBy.keyOf(pod), key -> new double[5]), a);
            }
        }
        int hours = catalog.hoursPerMonth();
        var groups = new EnumMap<GroupBy, List<CostGroup>>(GroupBy.class);
        sums.forEach((groupBy, byKey) -> {
            var list = new ArrayList<CostGroup>(byKey.size());
            byKey.forEach((key, s) -> list.add(CostGroup.of(key, (int) s[4], s[0], s[1], s[2], s[3], hours)));
            list.sort(Comparator.comparingDouble(CostGroup::hourly).reversed().thenComparing(CostGroup::key));
            groups.put(groupBy, List.copyOf(list));
        });
        return new RunRate(CostGroup.of("", (int) total[4], total[0], total[1], total[2], total[3], hours),
                groups);
    }

    private static void add(double[] sum, Allocation a) {
        sum[0] += a.cpu();
        sum[1] += a.memory();
        sum[2] += a.gpu();
        sum[3] += a.idle();
        sum[4] += 1;
    }
}
