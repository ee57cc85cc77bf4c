package dev.converge.portal.cost;

import java.math.BigDecimal;

/**
 * A quote: {@code hourly} while running (3 decimals), {@code daily} for a day of {@code hoursPerDay}, {@code monthly}
 * = hourly × hoursPerMonth × hoursPerDay/24 × daysPerWeek/7; the monthly {@code breakdown} per resource; the monthly
 * {@code range} for autoscaled workloads (min, expected, max replicas; all three equal otherwise); and the cheapest
 * zone with room for the pods (null when none has).
 */
public record Estimate(String currency, BigDecimal hourly, BigDecimal daily, BigDecimal monthly, Breakdown breakdown,
                       Range range, String cheapestZone) {

    public record Breakdown(BigDecimal cpu, BigDecimal memory, BigDecimal gpu, BigDecimal storage) {
    }

    public record Range(BigDecimal min, BigDecimal expected, BigDecimal max) {
    }
}
