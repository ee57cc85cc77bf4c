package dev.converge.portal.cost;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /cost/summary}: costs by one grouping. Without dates the run-rate now ({@code source} "run-rate");
 * with {@code from} and {@code to} the cost of those days from the daily snapshots ({@code source} "snapshots",
 * {@code cost} per group = Σ day's hourly × 24, {@code hourly}/{@code monthly} then the average over the days).
 */
public record CostSummary(String currency, String groupBy, String source, LocalDate from, LocalDate to,
                          Double cost, CostGroup total, List<Group> groups) {

    public record Group(String key, double hourly, double idleHourly, double monthly, Double cost) {
    }
}
