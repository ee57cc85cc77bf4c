package dev.converge.portal.cost;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.Audited;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.security.CurrentUser;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Budgets per team and month (admins set them; every change is in the audit log) and how each team burns through
 * its budget: spent so far and a forecast to month end at the run-rate now. Months are UTC months.
 */
@Service
public class Budgets {

    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final TeamDirectory teams;
    private final CostHistory history;
    private final Clock clock;
    private final ObjectProvider<TrustCostEvidence> trust;

    Budgets(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit, TeamDirectory teams,
            CostHistory history, Clock clock, ObjectProvider<TrustCostEvidence> trust) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.teams = teams;
        this.history = history;
        this.clock = clock;
        this.trust = trust;
    }

    /** Sets (or replaces) a team's budget for a month ({@code yyyy-MM}); admins only. */
    public void set(String team, String month, String amount, CurrentUser user) {
        Audited.run(audit, user.username(), "cost.budget.set", team + " " + month, () -> {
            if (!user.isAdmin()) {
                throw CostAccessDenied.budgets();
            }
            var errors = new InvalidCostInput.Errors();
            if (team == null || !teams.teams().contains(team)) {
                errors.put("team", "cost.error.budget.team", String.join(", ", teams.teams()));
            }
            var parsedMonth = parseMonth(month, "month", errors);
            var value = parseAmount(amount, errors);
            errors.throwIfAny();
            transactions.executeWithoutResult(status -> {
                jdbc.sql("DELETE FROM cost_budgets WHERE team = ? AND budget_month = ?")
                        .params(team, parsedMonth.toString()).update();
                jdbc.sql("INSERT INTO cost_budgets (team, budget_month, amount, set_by, set_at) VALUES (?, ?, ?, ?, ?)")
                        .params(team, parsedMonth.toString(), value, user.username(), Timestamp.from(clock.instant()))
                        .update();
            });
            trust.ifAvailable(evidence -> evidence.budgetChanged(team));
        }, amount);
    }

    public Optional<BigDecimal> amount(String team, YearMonth month) {
        return jdbc.sql("SELECT amount FROM cost_budgets WHERE team = ? AND budget_month = ?")
                .params(team, month.toString()).query(BigDecimal.class).optional();
    }

    public YearMonth currentMonth() {
        return YearMonth.from(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    /**
     * Each team's burn this month: past days of the month from their snapshots, today and the rest of the month at
     * {@code hourlyByTeam} (the run-rate now).
     */
    public List<BudgetStatus> statuses(Collection<String> teamNames, Map<String, Double> hourlyByTeam) {
        var now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        var month = YearMonth.from(now);
        var today = now.toLocalDate();
        double hoursToday = Duration.between(today.atStartOfDay(), now).toSeconds() / 3600d;
        double hoursLeft = Duration.between(now, month.atEndOfMonth().plusDays(1).atStartOfDay()).toSeconds() / 3600d;
        var result = new ArrayList<BudgetStatus>();
        for (var team : teamNames) {
            var namespace = teams.namespaceOf(team);
            double past = 0;
            if (namespace != null && today.getDayOfMonth() > 1) {
                past = history.trend(List.of(namespace), month.atDay(1), today.minusDays(1)).stream()
                        .mapToDouble(DayCost::cost).sum();
            }
            double hourly = hourlyByTeam.getOrDefault(team, 0d);
            double spent = past + hourly * hoursToday;
            double forecast = spent + hourly * hoursLeft;
            var amount = amount(team, month).map(BigDecimal::doubleValue).orElse(null);
            result.add(new BudgetStatus(team, month.toString(), amount, CostGroup.round(spent, 2),
                    CostGroup.round(forecast, 2), amount == null ? null : CostGroup.round(amount - forecast, 2),
                    hourly));
        }
        return result;
    }

    /** All budgets of a month, team → amount, for the admin form. */
    public Map<String, BigDecimal> ofMonth(YearMonth month) {
        var result = new HashMap<String, BigDecimal>();
        jdbc.sql("SELECT team, amount FROM cost_budgets WHERE budget_month = ?").param(month.toString())
                .query((rs, row) -> Map.entry(rs.getString("team"), rs.getBigDecimal("amount")))
                .list().forEach(entry -> result.put(entry.getKey(), entry.getValue()));
        return result;
    }

    static YearMonth parseMonth(String text, String field, InvalidCostInput.Errors errors) {
        try {
            if (text != null && text.matches("\\d{4}-\\d{2}")) {
                return YearMonth.parse(text);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        errors.put(field, "cost.error.month");
        return null;
    }

    private static BigDecimal parseAmount(String text, InvalidCostInput.Errors errors) {
        try {
            if (text != null && text.length() <= 20) {
                var value = new BigDecimal(text.strip());
                if (value.signum() > 0 && value.compareTo(MAX_AMOUNT) <= 0 && value.scale() <= 2) {
                    return value;
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        errors.put("amount", "cost.error.budget.amount");
        return null;
    }
}
