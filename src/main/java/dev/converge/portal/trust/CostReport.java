package dev.converge.portal.trust;

/**
 * A subject's run-rate and the share of its team's budget it may use, per month in {@code currency}; {@code link}
 * is where the budget is seen (a portal path).
 */
public record CostReport(double monthlyRunRate, double budgetShare, String currency, String link) {
}
