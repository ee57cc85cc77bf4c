package dev.converge.portal.cost;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.deployments.DeploymentManifests;
import dev.converge.portal.platform.kubernetes.PodUsage;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.trust.CostEvidence;
import dev.converge.portal.trust.CostReport;
import dev.converge.portal.trust.TrustBoard;
import dev.converge.portal.trust.TrustSettings;
import dev.converge.portal.trust.TrustSubject;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The trust dashboard's cost signal: a subject's monthly run-rate, allocated from its pods exactly as the cost
 * dashboard's deployment row ({@code <namespace>/<app.kubernetes.io/name>}), against its budget share: the team's
 * budget for the current month × the share of the team's trust policy ({@code portal.trust.budget-share}, 1.0 by
 * default). No budget set for the month → no figures, and the signal says so. A budget set by an admin rescores the
 * team's namespace at once ({@link #budgetChanged}). Depends on trust, never the other way round.
 */
@Component
class TrustCostEvidence implements CostEvidence {

    /** Budgets are read from the database at most this often per team, besides when this node changes one. */
    static final Duration BUDGET_FRESH = Duration.ofMinutes(1);

    private record KnownBudget(YearMonth month, Double amount, Instant readAt) {
    }

    private final KubernetesCaches caches;
    private final PodUsage usage;
    private final PricingCatalog catalog;
    private final Budgets budgets;
    private final TeamDirectory teams;
    private final DeploymentManifests manifests;
    private final TrustSettings settings;
    private final ObjectProvider<TrustBoard> board;
    private final Clock clock;
    private final Map<String, KnownBudget> known = new ConcurrentHashMap<>();

    TrustCostEvidence(KubernetesCaches caches, PodUsage usage, PricingCatalog catalog, Budgets budgets,
                      TeamDirectory teams, DeploymentManifests manifests, TrustSettings settings,
                      ObjectProvider<TrustBoard> board, Clock clock) {
        this.caches = caches;
        this.usage = usage;
        this.catalog = catalog;
        this.budgets = budgets;
        this.teams = teams;
        this.manifests = manifests;
        this.settings = settings;
        this.board = board;
        this.clock = clock;
    }

    @Override
    public boolean covers(TrustSubject subject) {
        return subject.workloadName() != null;
    }

    @Override
    public Optional<CostReport> report(TrustSubject subject) {
        var team = teams.teamOf(subject.namespace());
        var amount = team == null ? null : budgetOf(team);
        if (amount == null) {
            return Optional.empty();
        }
        var share = amount * settings.policyFor(team).budgetShare();
        return Optional.of(new CostReport(monthlyRunRate(subject), CostGroup.round(share, 2), catalog.currency(),
                "/cost"));
    }

    /** The subject's pods only, through the cost feature's own reading and allocation: the dashboard's figure. */
    double monthlyRunRate(TrustSubject subject) {
        var pods = caches.query(Pod.class).namespace(subject.namespace())
                .label(DeploymentManifests.NAME_LABEL, subject.workloadName()).list();
        if (pods.isEmpty()) {
            return 0;
        }
        var readings = ClusterReader.read(pods, caches.list(Node.class, null), usage.last(), teams::teamOf,
                manifests::isSpotNode);
        return CostAllocator.allocate(readings, catalog).total().monthly();
    }

    private Double budgetOf(String team) {
        var month = budgets.currentMonth();
        var now = clock.instant();
        var cached = known.get(team);
        if (cached != null && cached.month().equals(month) && cached.readAt().plus(BUDGET_FRESH).isAfter(now)) {
            return cached.amount();
        }
        var amount = budgets.amount(team, month).map(java.math.BigDecimal::doubleValue).orElse(null);
        known.put(team, new KnownBudget(month, amount, now));
        return amount;
    }

    /** Called by {@link Budgets#set}: the team's scorecards are scored again against the new budget, live. */
    void budgetChanged(String team) {
        known.remove(team);
        var namespace = teams.namespaceOf(team);
        var trust = board.getIfAvailable();
        if (namespace != null && trust != null) {
            trust.recomputeNamespace(namespace);
        }
    }
}
