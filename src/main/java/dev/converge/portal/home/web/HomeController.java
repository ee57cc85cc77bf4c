package dev.converge.portal.home.web;

import dev.converge.portal.builds.BuildsLivePublisher;
import dev.converge.portal.cost.CostViews;
import dev.converge.portal.deployments.DeploymentsLivePublisher;
import dev.converge.portal.health.HealthLivePublisher;
import dev.converge.portal.home.FunctionCards;
import dev.converge.portal.home.GettingStarted;
import dev.converge.portal.rag.RagModelViews;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import dev.converge.portal.trust.TrustViews;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home dashboard: what the user can do, and live counts of their namespaces' builds and deployments. */
@Controller
class HomeController {

    private final BuildsLivePublisher builds;
    private final DeploymentsLivePublisher deployments;
    private final HealthLivePublisher health;
    private final GettingStarted gettingStarted;
    private final CostViews costs;
    private final TrustViews trust;
    private final RagModelViews rags;

    HomeController(BuildsLivePublisher builds, DeploymentsLivePublisher deployments, HealthLivePublisher health,
                   GettingStarted gettingStarted, CostViews costs, TrustViews trust, RagModelViews rags) {
        this.costs = costs;
        this.trust = trust;
        this.rags = rags;
        this.builds = builds;
        this.deployments = deployments;
        this.health = health;
        this.gettingStarted = gettingStarted;
    }

    @GetMapping("/")
    String home(CurrentUser user, Model model) {
        model.addAttribute("cards", FunctionCards.forUser(user));
        model.addAttribute("buildCounts", user.namespaces().stream().map(builds::countsIn).toList());
        model.addAttribute("deploymentCounts", user.namespaces().stream().map(deployments::countsIn).toList());
        model.addAttribute("health", health.current());
        model.addAttribute("trustSummaries", trust.summaries(user));
        model.addAttribute("ragModels", rags.count(user));
        model.addAttribute("gettingStarted", gettingStarted.forUser(user).orElse(null));
        if (user.hasRole(Role.LEAD)) {
            // A lead's home page leads with what their teams cost and which of them is over budget.
            model.addAttribute("costs", costs.runRate(user).total());
            model.addAttribute("costBudgets", costs.budgets(user));
        }
        return "home";
    }
}
