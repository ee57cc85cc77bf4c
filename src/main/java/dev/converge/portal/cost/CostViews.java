package dev.converge.portal.cost;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.converge.portal.platform.kubernetes.PodUsage;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import org.springframework.stereotype.Service;

/**
 * Reads of the cost feature on behalf of a user, with who may see what: developers see their own teams' figures,
 * leads theirs with budgets, admins every team's; viewers see none. Everything comes from the informer caches, the
 * last usage reading, the cost tables and the advice computed in the background ({@link CostAdvice}): no cluster
 * call and no run of the recommender per request.
 */
@Service
public class CostViews {

    static final int TREND_DAYS = 30;
    static final int MAX_SUMMARY_DAYS = 366;

    private final ClusterReader cluster;
    private final PricingCatalog catalog;
    private final CostHistory history;
    private final Budgets budgets;
    private final TeamDirectory teams;
    private final PodUsage usage;
    private final CostAdvice advice;
    private final java.time.Clock clock;

    CostViews(ClusterReader cluster, PricingCatalog catalog, CostHistory history, Budgets budgets, TeamDirectory teams,
              PodUsage usage, CostAdvice advice, java.time.Clock clock) {
        this.cluster = cluster;
        this.catalog = catalog;
        this.history = history;
        this.budgets = budgets;
        this.teams = teams;
        this.usage = usage;
        this.advice = advice;
        this.clock = clock;
    }

    public CostDashboard dashboard(CurrentUser user) {
        var namespaces = namespacesOf(user);
        var pods = cluster.read(namespaces);
        var runRate = CostAllocator.allocate(pods, catalog);
        var today = today();
        var trend = history.trend(namespaces, today.minusDays(TREND_DAYS - 1), today);
        return new CostDashboard(catalog.currency(), runRate, trend, seesBudgets(user) ? budgetsOf(user, runRate)
                : null, recommendationsOf(user), usage.last().takenAt() != null);
    }

    /** The run-rate only (the home page's summary and the deployment form's budget line). */
    public CostAllocator.RunRate runRate(CurrentUser user) {
        requireReader(user);
        return CostAllocator.allocate(cluster.read(namespacesOf(user)), catalog);
    }

    /** The budgets of the user's teams, with their burn; empty for users who see no budgets. */
    public List<BudgetStatus> budgets(CurrentUser user) {
        if (!seesBudgets(user)) {
            return List.of();
        }
        return budgetsOf(user, runRate(user));
    }

    /** The budget status of the team owning {@code namespace}, when the user may read it. */
    public java.util.Optional<BudgetStatus> budgetOf(String namespace, CurrentUser user) {
        if (namespace == null || !user.canRead(namespace) || !user.hasRole(Role.DEVELOPER)) {
            return java.util.Optional.empty();
        }
        var team = teams.teamOf(namespace);
        if (team == null) {
            return java.util.Optional.empty();
        }
        var runRate = CostAllocator.allocate(cluster.read(List.of(namespace)), catalog);
        var hourly = runRate.by(GroupBy.TEAM).stream().filter(g -> g.key().equals(team)).mapToDouble(CostGroup::hourly)
                .sum();
        return budgets.statuses(List.of(team), Map.of(team, hourly)).stream().findFirst();
    }

    public CostSummary summary(String groupByText, String fromText, String toText, CurrentUser user) {
        var errors = new InvalidCostInput.Errors();
        var groupBy = GroupBy.parse(groupByText == null ? "team" : groupByText).orElse(null);
        if (groupBy == null) {
            errors.put("groupBy", "cost.error.groupBy", GroupBy.names());
        }
        var from = date(fromText, "from", errors);
        var to = date(toText, "to", errors);
        if ((from == null) != (to == null) && !errors.has("from") && !errors.has("to")) {
            errors.put(from == null ? "from" : "to", "cost.error.period.both");
        } else if (from != null && to != null) {
            if (from.isAfter(to)) {
                errors.put("from", "cost.error.period.order");
            } else if (from.plusDays(MAX_SUMMARY_DAYS).isBefore(to)) {
                errors.put("to", "cost.error.period.tooLong", String.valueOf(MAX_SUMMARY_DAYS));
            }
        }
        errors.throwIfAny();
        requireReader(user);
        var namespaces = namespacesOf(user);
        if (from == null) {
            var runRate = CostAllocator.allocate(cluster.read(namespaces), catalog);
            var groups = runRate.by(groupBy).stream()
                    .map(g -> new CostSummary.Group(g.key(), g.hourly(), g.idleHourly(), g.monthly(), null)).toList();
            return new CostSummary(catalog.currency(), groupBy.parameter(), "run-rate", null, null, null,
                    runRate.total(), groups);
        }
        return fromSnapshots(groupBy, namespaces, from, to);
    }

    private CostSummary fromSnapshots(GroupBy groupBy, SortedSet<String> namespaces, LocalDate from, LocalDate to) {
        var sums = new HashMap<String, double[]>();
        var days = new TreeSet<LocalDate>();
        double[] total = new double[2];
        for (var row : history.snapshots(namespaces, from, to)) {
            var key = switch (groupBy) {
                case TEAM -> String.valueOf(teams.teamOf(row.namespace()));
                case NAMESPACE -> row.namespace();
                case DEPLOYMENT -> row.namespace() + "/" + row.deployment();
                case ZONE -> row.zone();
                case GPU_TYPE -> row.gpuType();
                case RAG_MODEL -> row.ragModel().isEmpty() ? "" : row.namespace() + "/" + row.ragModel();
            };
            var sum = sums.computeIfAbsent(key, k -> new double[2]);
            sum[0] += row.hourly();
            sum[1] += row.idleHourly();
            total[0] += row.hourly();
            total[1] += row.idleHourly();
            days.add(row.day());
        }
        int dayCount = Math.max(1, days.size());
        int hours = catalog.hoursPerMonth();
        var groups = new ArrayList<CostSummary.Group>();
        sums.forEach((key, s) -> groups.add(new CostSummary.Group(key, CostGroup.round(s[0] / dayCount, 4),
                CostGroup.round(s[1] / dayCount, 4), CostGroup.round(s[0] / dayCount * hours, 2),
                CostGroup.round(s[0] * 24, 2))));
        groups.sort(Comparator.comparingDouble(CostSummary.Group::cost).reversed()
                .thenComparing(CostSummary.Group::key));
        var totalGroup = new CostGroup("", 0, 0, 0, 0, CostGroup.round(total[0] / dayCount, 4),
                CostGroup.round(total[1] / dayCount, 4), CostGroup.round(total[0] / dayCount * hours, 2));
        return new CostSummary(catalog.currency(), groupBy.parameter(), "snapshots", from, to,
                CostGroup.round(total[0] * 24, 2), totalGroup, groups);
    }

    /** The summary as CSV: one line per group. */
    public String csv(CostSummary summary) {
        var out = new StringBuilder(summary.groupBy()).append(",hourly,idleHourly,monthly");
        out.append(summary.source().equals("snapshots") ? ",cost\n" : "\n");
        for (var g : summary.groups()) {
            out.append(csvField(g.key())).append(',').append(g.hourly()).append(',').append(g.idleHourly())
                    .append(',').append(g.monthly());
            if (g.cost() != null) {
                out.append(',').append(g.cost());
            }
            out.append('\n');
        }
        return out.toString();
    }

    public List<Recommendation> recommendations(CurrentUser user) {
        return recommendationsOf(user);
    }

    /**
     * The latest advice of the user's namespaces, computed in the background ({@link CostAdvice}); the action link
     * only where the user may change the deployment.
     */
    private List<Recommendation> recommendationsOf(CurrentUser user) {
        return advice.of(namespacesOf(user)).stream().map(r -> user.canWrite(r.namespace()) ? r
                : new Recommendation(r.kind(), r.namespace(), r.deployment(), r.monthlySaving(), r.current(),
                        r.suggested(), null)).toList();
    }

    private List<BudgetStatus> budgetsOf(CurrentUser user, CostAllocator.RunRate runRate) {
        var hourly = new HashMap<String, Double>();
        runRate.by(GroupBy.TEAM).forEach(g -> hourly.put(g.key(), g.hourly()));
        var visible = user.isAdmin() ? teams.teams() : user.teams();
        return budgets.statuses(visible, hourly);
    }

    public SortedSet<String> teamNames() {
        return teams.teams();
    }

    /** Hours from now to the end of this UTC month. */
    public double hoursLeftInMonth() {
        var now = java.time.LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        var end = java.time.YearMonth.from(now).atEndOfMonth().plusDays(1).atStartOfDay();
        return java.time.Duration.between(now, end).toSeconds() / 3600d;
    }

    public boolean seesBudgets(CurrentUser user) {
        return user.hasRole(Role.LEAD);
    }

    /** Developers and up see cost figures; viewers do not. */
    public void requireReader(CurrentUser user) {
        if (!user.hasRole(Role.DEVELOPER)) {
            throw CostAccessDenied.dashboard();
        }
    }

    private SortedSet<String> namespacesOf(CurrentUser user) {
        requireReader(user);
        return user.isAdmin() ? teams.allNamespaces() : user.namespaces();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static LocalDate date(String text, String field, InvalidCostInput.Errors errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        errors.put(field, "cost.error.date");
        return null;
    }

    private static String csvField(String text) {
        var safe = text.startsWith("=") || text.startsWith("+") || text.startsWith("-") || text.startsWith("@")
                ? "'" + text : text;
        return safe.contains(",") || safe.contains("\"") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
