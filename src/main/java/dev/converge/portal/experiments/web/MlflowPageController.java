package dev.converge.portal.experiments.web;

import java.time.Clock;
import java.util.List;

import dev.converge.portal.experiments.ExperimentList;
import dev.converge.portal.experiments.ExperimentViews;
import dev.converge.portal.experiments.RegistryViews;
import dev.converge.portal.experiments.RunQuery;
import dev.converge.portal.experiments.RunViews;
import dev.converge.portal.security.CurrentUser;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The MLflow pages: experiments, an experiment's runs, a run with its charts, the comparison, the registry. Every
 * list is a plain GET form with "next page" links, so all of it works without JavaScript; htmx swaps the results.
 */
@Controller
@RequestMapping(path = "/mlflow", produces = MediaType.TEXT_HTML_VALUE)
class MlflowPageController {

    private final ExperimentViews experiments;
    private final RunViews runs;
    private final RegistryViews registry;
    private final Clock clock;

    MlflowPageController(ExperimentViews experiments, RunViews runs, RegistryViews registry, Clock clock) {
        this.experiments = experiments;
        this.runs = runs;
        this.registry = registry;
        this.clock = clock;
    }

    @GetMapping("/experiments")
    String experiments(@RequestParam(required = false) String q, @RequestParam(required = false) String lifecycle,
                       @RequestParam(required = false) String pageToken, Model model, HtmxRequest htmx) {
        model.addAttribute("lifecycles", ExperimentList.LIFECYCLES);
        if (!experiments.mlflowConfigured()) {
            // the navigation's landing page explains what is missing instead of answering 503
            model.addAttribute("notConfigured", true);
            model.addAttribute("list", new ExperimentList(List.of(), q, "active", null));
            return "experiments/list";
        }
        model.addAttribute("list", experiments.list(q, lifecycle, pageToken, ExperimentViews.DEFAULT_EXPERIMENTS));
        return htmx.isHtmxRequest() ? "experiments/list :: results" : "experiments/list";
    }

    /** A filter or sort MLflow refuses shows its message beside the box, with a 400 status. */
    @GetMapping("/experiments/{id}")
    String experiment(@PathVariable String id, @RequestParam(required = false) String filter,
                      @RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
                      @RequestParam(required = false) List<String> columns,
                      @RequestParam(required = false) String pageToken,
                      @RequestParam(required = false, defaultValue = "0") int size, Model model, HtmxRequest htmx,
                      HttpServletResponse response) {
        var table = experiments.runs(id, new RunQuery(filter, sort, dir, columns, pageToken, size));
        if (table.filterError() != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            if (htmx.isHtmxRequest()) {
                // htmx swaps a 4xx that says where it goes (portal.js): the form with its message, and the table
                response.setHeader("HX-Retarget", "#run-results");
                response.setHeader("HX-Reswap", "innerHTML");
            }
        }
        model.addAttribute("table", table);
        return htmx.isHtmxRequest() ? "experiments/experiment :: results" : "experiments/experiment";
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable String id, @RequestParam(required = false, defaultValue = "step") String x,
               Model model) {
        model.addAttribute("detail", runs.run(id, false));
        model.addAttribute("x", "time".equals(x) ? "time" : "step");
        model.addAttribute("now", clock.instant());
        return "experiments/run";
    }

    @GetMapping("/compare")
    String compare(@RequestParam(required = false) List<String> runs,
                   @RequestParam(required = false, defaultValue = "step") String x, Model model) {
        model.addAttribute("comparison", this.runs.compare(runs == null ? List.of() : runs, false));
        model.addAttribute("x", "time".equals(x) ? "time" : "step");
        return "experiments/compare";
    }

    @GetMapping("/deployments/{namespace}/{name}/runs")
    String deploymentRuns(@PathVariable String namespace, @PathVariable String name, Model model) {
        model.addAttribute("runs", runs.runsForDeployment(namespace, name));
        model.addAttribute("namespace", namespace);
        model.addAttribute("name", name);
        return "experiments/deployment-runs";
    }

    @GetMapping("/models")
    String models(@RequestParam(required = false) String q, @RequestParam(required = false) String pageToken,
                  Model model, HtmxRequest htmx) {
        model.addAttribute("list", registry.models(q, pageToken, RegistryViews.DEFAULT_MODELS));
        return htmx.isHtmxRequest() ? "experiments/models :: results" : "experiments/models";
    }

    @GetMapping("/models/{name}")
    String model(@PathVariable String name, @RequestParam(required = false) String pageToken, Model model) {
        model.addAttribute("detail", registry.model(name, pageToken));
        return "experiments/model";
    }

    @GetMapping("/models/{name}/versions/{version}")
    String version(@PathVariable String name, @PathVariable String version, CurrentUser user, Model model) {
        model.addAttribute("detail", registry.version(name, version, user));
        return "experiments/version";
    }
}
