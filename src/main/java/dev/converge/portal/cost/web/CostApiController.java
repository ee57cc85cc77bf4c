package dev.converge.portal.cost.web;

import java.util.List;

import dev.converge.portal.cost.BudgetStatus;
import dev.converge.portal.cost.Budgets;
import dev.converge.portal.cost.CostAccessDenied;
import dev.converge.portal.cost.CostSummary;
import dev.converge.portal.cost.CostViews;
import dev.converge.portal.cost.Estimate;
import dev.converge.portal.cost.EstimateRequest;
import dev.converge.portal.cost.Estimator;
import dev.converge.portal.cost.PricingCatalog;
import dev.converge.portal.cost.Recommendation;
import dev.converge.portal.cost.ZonePrices;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.security.CurrentUser;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The cost JSON API (see docs/api.md): quotes, summaries, budgets, recommendations, the catalog. */
@RestController
@RequestMapping(path = "/cost", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
class CostApiController {

    private final Estimator estimator;
    private final CostViews views;
    private final Budgets budgets;
    private final PricingCatalog catalog;
    private final Zones zones;

    CostApiController(Estimator estimator, CostViews views, Budgets budgets, PricingCatalog catalog, Zones zones) {
        this.estimator = estimator;
        this.views = views;
        this.budgets = budgets;
        this.catalog = catalog;
        this.zones = zones;
    }

    @PostMapping(path = "/estimate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Estimate estimate(@RequestBody EstimateRequest request) {
        return estimator.estimate(request);
    }

    @GetMapping("/summary")
    CostSummary summary(@RequestParam(required = false) String groupBy, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to, CurrentUser user) {
        return views.summary(groupBy, from, to, user);
    }

    @GetMapping("/recommendations")
    List<Recommendation> recommendations(CurrentUser user) {
        return views.recommendations(user);
    }

    @GetMapping("/budgets")
    List<BudgetStatus> budgets(CurrentUser user) {
        views.requireReader(user);
        if (!views.seesBudgets(user)) {
            throw CostAccessDenied.budgetsHidden();
        }
        return views.budgets(user);
    }

    /** Body {@code {"amount": "1200.00"}} (a number or a string). */
    @PutMapping(path = "/budgets/{team}/{month}", consumes = MediaType.APPLICATION_JSON_VALUE)
    BudgetAmount setBudget(@PathVariable String team, @PathVariable String month, @RequestBody BudgetAmount body,
                           CurrentUser user) {
        budgets.set(team, month, body.amount() == null ? null : body.amount().toString(), user);
        return new BudgetAmount(budgets.amount(team, java.time.YearMonth.parse(month)).orElse(null));
    }

    record BudgetAmount(java.math.BigDecimal amount) {
    }

    @GetMapping("/catalog")
    Catalog catalog(CurrentUser user) {
        if (!user.isAdmin()) {
            throw CostAccessDenied.catalog();
        }
        return new Catalog(catalog.currency(), catalog.hoursPerMonth(), catalog.table(zones.names()));
    }

    record Catalog(String currency, int hoursPerMonth, List<ZonePrices> zones) {
    }
}
