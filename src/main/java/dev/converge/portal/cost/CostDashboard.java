package dev.converge.portal.cost;

import java.util.List;

/**
 * What {@code GET /cost} shows one user: the run-rate of their namespaces (all of them for admins) by every
 * grouping, the 30-day trend, budgets (leads and admins only; null for developers) and recommendations.
 */
public record CostDashboard(String currency, CostAllocator.RunRate runRate, List<DayCost> trend,
                            List<BudgetStatus> budgets, List<Recommendation> recommendations, boolean usageKnown) {

    public boolean showsBudgets() {
        return budgets != null;
    }

    /** GPU cost as a share of the total, 0–100, for the GPU chart. */
    public double gpuShare() {
        var total = runRate.total();
        return total.hourly() <= 0 ? 0 : CostGroup.round(total.gpu() * 100 / total.hourly(), 1);
    }
}
