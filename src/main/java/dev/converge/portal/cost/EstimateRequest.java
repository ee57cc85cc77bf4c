package dev.converge.portal.cost;

import java.util.List;

/**
 * What to price ({@code POST /cost/estimate}): per pod {@code cpu} and {@code memory} as Kubernetes quantities
 * ({@code "4"}, {@code "500m"}, {@code "16Gi"}), {@code gpu} of {@code gpuType}, optional {@code storage}; how many
 * pods ({@code replicas}, or {@code autoscaling}); where ({@code zones}, or {@code zoneStrategy} any | cheapest);
 * how long ({@code hoursPerDay}, {@code daysPerWeek}); {@code spot}. {@code namespace} (optional) compares the
 * quote with the team's budget.
 */
public record EstimateRequest(String namespace, String cpu, String memory, String storage, Integer gpu,
                              String gpuType, Integer replicas, List<String> zones, String zoneStrategy,
                              Double hoursPerDay, Double daysPerWeek, Boolean spot, Autoscaling autoscaling) {

    public static final String ANY = "any";
    public static final String CHEAPEST = "cheapest";
    public static final List<String> STRATEGIES = List.of(ANY, CHEAPEST);

    /** Autoscaled between {@code min} and {@code max} pods, {@code expectedAverage} on average ((min+max)/2 if null). */
    public record Autoscaling(Integer min, Integer max, Double expectedAverage) {
    }

    public int gpus() {
        return gpu == null ? 0 : gpu;
    }

    public double hours() {
        return hoursPerDay == null ? 24 : hoursPerDay;
    }

    public double days() {
        return daysPerWeek == null ? 7 : daysPerWeek;
    }

    public boolean onSpot() {
        return Boolean.TRUE.equals(spot);
    }

    public List<String> chosenZones() {
        return zones == null ? List.of() : zones;
    }

    public String strategy() {
        return zoneStrategy == null || zoneStrategy.isBlank() ? ANY : zoneStrategy;
    }
}
