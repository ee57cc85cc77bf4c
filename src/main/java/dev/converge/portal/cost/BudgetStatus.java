package dev.converge.portal.cost;

/**
 * A team's budget for a month against its spending: {@code spent} so far (past days from their snapshots, today at
 * the run-rate), {@code forecast} to month end at the run-rate now, and what is {@code left} after the forecast
 * (negative when over). {@code amount} is null when no budget is set.
 */
public record BudgetStatus(String team, String month, Double amount, double spent, double forecast, Double left,
                           double hourly) {

    public boolean over() {
        return amount != null && forecast > amount;
    }

    public boolean hasBudget() {
        return amount != null;
    }

    /** Spent as a percentage of the budget (0 without one), for the burn bar. */
    public int percentSpent() {
        return amount == null || amount <= 0 ? 0 : (int) Math.min(999, Math.round(spent * 100 / amount));
    }
}
