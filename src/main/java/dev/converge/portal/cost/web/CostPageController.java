package dev.converge.portal.cost.web;

import java.util.List;

import dev.converge.portal.cost.Budgets;
import dev.converge.portal.cost.CostAccessDenied;
import dev.converge.portal.cost.CostViews;
import dev.converge.portal.cost.Estimate;
import dev.converge.portal.cost.EstimateRequest;
import dev.converge.portal.cost.Estimator;
import dev.converge.portal.cost.GroupBy;
import dev.converge.portal.deployments.WorkingHours;
import dev.converge.portal.cost.InvalidCostInput;
import dev.converge.portal.cost.PricingCatalog;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PortalException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The cost pages: the dashboard, the estimator, the live quote of the deployment form, the catalog, budgets. */
@Controller
@RequestMapping(path = "/cost", produces = MediaType.TEXT_HTML_VALUE)
class CostPageController {

    private final CostViews views;
    private final Estimator estimator;
    private final Budgets budgets;
    private final PricingCatalog catalog;
    private final Zones zones;
    private final CostCharts charts;
    private final WorkingHours workingHours;

    CostPageController(CostViews views, Estimator estimator, Budgets budgets, PricingCatalog catalog, Zones zones,
                       CostCharts charts, WorkingHours workingHours) {
        this.workingHours = workingHours;
        this.views = views;
        this.estimator = estimator;
        this.budgets = budgets;
        this.catalog = catalog;
        this.zones = zones;
        this.charts = charts;
    }

    @GetMapping
    String dashboard(@RequestParam(defaultValue = "deployment") String groupBy,
                     @RequestParam(defaultValue = "hourly") String sort, CurrentUser user, Model model) {
        var dashboard = views.dashboard(user);
        var grouping = GroupBy.parse(groupBy).orElse(GroupBy.DEPLOYMENT);
        var rows = new java.util.ArrayList<>(dashboard.runRate().by(grouping));
        if ("key".equals(sort)) {
            rows.sort(java.util.Comparator.comparing(dev.converge.portal.cost.CostGroup::key));
        } else if ("idle".equals(sort)) {
            rows.sort(java.util.Comparator.comparingDouble(dev.converge.portal.cost.CostGroup::idleHourly).reversed());
        }
        model.addAttribute("dashboard", dashboard);
        model.addAttribute("groupBy", grouping.parameter());
        model.addAttribute("groupings", java.util.Arrays.stream(GroupBy.values()).map(GroupBy::parameter).toList());
        model.addAttribute("sort", sort);
        model.addAttribute("rows", rows);
        model.addAttribute("charts", charts.of(dashboard));
        model.addAttribute("teams", user.isAdmin() ? views.teamNames() : List.of());
        model.addAttribute("month", budgets.currentMonth().toString());
        return "cost/dashboard";
    }

    @GetMapping("/estimate")
    String estimate(@ModelAttribute("form") EstimateForm form, BindingResult binding, CurrentUser user,
                    Model model, @RequestParam(name = "fragment", required = false) String fragment) {
        if (form.isFilled()) {
            try {
                model.addAttribute("estimate", estimator.estimate(form.toRequest()));
                model.addAttribute("budget", views.budgetOf(form.getNamespace(), user).orElse(null));
            } catch (InvalidCostInput e) {
                reject(binding, e);
            }
        }
        model.addAttribute("namespaces", user.namespaces());
        model.addAttribute("zones", zones.names());
        var types = new java.util.TreeSet<>(catalog.gpuTypes());
        zones.names().forEach(zone -> types.addAll(zones.gpuTypesIn(zone)));
        model.addAttribute("gpuTypes", types);
        model.addAttribute("strategies", EstimateRequest.STRATEGIES);
        model.addAttribute("hoursPerMonth", catalog.hoursPerMonth());
        return fragment != null ? "cost/fragments :: estimate-result" : "cost/estimate";
    }

    /** The live quote beside the deployment form: the same estimator, and the team's budget left this month. */
    @PostMapping(path = "/quote", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String quote(@ModelAttribute DeploymentQuoteForm form, CurrentUser user, Model model) {
        try {
            Estimate estimate = estimator.estimate(form.toRequest(workingHours));
            model.addAttribute("estimate", estimate);
            var budget = views.budgetOf(form.namespace(), user).orElse(null);
            model.addAttribute("budget", budget);
            if (budget != null) {
                var addition = estimate.hourly().doubleValue() * views.hoursLeftInMonth()
                        * form.shareOfWeek(workingHours);
                model.addAttribute("addition", Math.round(addition * 100) / 100.0);
                model.addAttribute("overBudget", budget.hasBudget() && addition > budget.left());
            }
        } catch (InvalidCostInput e) {
            model.addAttribute("problems", e.fieldErrors().keySet());
        }
        model.addAttribute("form", form);
        model.addAttribute("workingHours", workingHours);
        return "cost/fragments :: quote";
    }

    @GetMapping("/catalog")
    String catalog(CurrentUser user, Model model) {
        if (!user.isAdmin()) {
            throw CostAccessDenied.catalog();
        }
        model.addAttribute("rows", catalog.table(zones.names()));
        model.addAttribute("gpuRates", catalog.gpuTypes().stream()
                .map(type -> java.util.Map.entry(type, catalog.in(null).gpu(type))).toList());
        model.addAttribute("currency", catalog.currency());
        model.addAttribute("hoursPerMonth", catalog.hoursPerMonth());
        return "cost/catalog";
    }

    @PostMapping(path = "/budgets", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String setBudget(@RequestParam(required = false) String team, @RequestParam(required = false) String month,
                     @RequestParam(required = false) String amount, CurrentUser user,
                     RedirectAttributes redirect) {
        budgets.set(team, month, amount, user);
        redirect.addFlashAttribute("budgetSet", List.of(amount, team + " " + month));
        return "redirect:/cost";
    }

    @GetMapping(path = "/export", produces = "text/csv")
    void export(@RequestParam(defaultValue = "deployment") String groupBy,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                CurrentUser user, HttpServletResponse response) throws java.io.IOException {
        var summary = views.summary(groupBy, from, to, user);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"cost-by-" + summary.groupBy() + ".csv\"");
        response.getWriter().write(views.csv(summary));
    }

    private static void reject(BindingResult binding, PortalException e) {
        e.fieldErrors().forEach((field, code) -> {
            var formField = field.startsWith("autoscaling.") ? field.substring("autoscaling.".length()) : field;
            binding.rejectValue(formField, code, e.fieldArgs(field), code);
        });
    }
}
