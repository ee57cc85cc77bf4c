package dev.converge.portal.cost;

/**
 * The run-rate of one group (a team, namespace, deployment, zone or GPU type): hourly per resource and in total,
 * the idle part of it, and the month ({@code hoursPerMonth} of the catalog) at this rate. {@code deployment} groups
 * are keyed "namespace/name".
 */
public record CostGroup(String key, int pods, double cpu, double memory, double gpu, double hourly, double idleHourly,
                        double monthly) {

    /** Rounded as shown: hourly amounts to 4 decimals, the month to 2. */
    static CostGroup of(String key, int pods, double cpu, double memory, double gpu, double idle, int hoursPerMonth) {
        double hourly = cpu + memory + gpu;
        return new CostGroup(key, pods, round(cpu, 4), round(memory, 4), round(gpu, 4), round(hourly, 4),
                round(idle, 4), round(hourly * hoursPerMonth, 2));
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
