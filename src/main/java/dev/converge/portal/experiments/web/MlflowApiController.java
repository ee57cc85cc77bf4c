package dev.converge.portal.experiments.web;

import java.util.List;

import dev.converge.portal.experiments.Comparison;
import dev.converge.portal.experiments.ExperimentList;
import dev.converge.portal.experiments.ExperimentViews;
import dev.converge.portal.experiments.ModelDetail;
import dev.converge.portal.experiments.ModelList;
import dev.converge.portal.experiments.RegistryViews;
import dev.converge.portal.experiments.RunDetail;
import dev.converge.portal.experiments.RunQuery;
import dev.converge.portal.experiments.RunTable;
import dev.converge.portal.experiments.RunViews;
import dev.converge.portal.experiments.VersionDetail;
import dev.converge.portal.platform.mlflow.MlflowRun;
import dev.converge.portal.security.CurrentUser;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The MLflow pages as JSON (see docs/api.md): the same view calls; a refused filter is a 400 naming the field. */
@RestController
@RequestMapping(path = "/mlflow", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
class MlflowApiController {

    private final ExperimentViews experiments;
    private final RunViews runs;
    private final RegistryViews registry;

    MlflowApiController(ExperimentViews experiments, RunViews runs, RegistryViews registry) {
        this.experiments = experiments;
        this.runs = runs;
        this.registry = registry;
    }

    @GetMapping("/experiments")
    ExperimentList experiments(@RequestParam(required = false) String q,
                               @RequestParam(required = false) String lifecycle,
                               @RequestParam(required = false) String pageToken,
                               @RequestParam(required = false, defaultValue = "0") int size) {
        return experiments.list(q, lifecycle, pageToken, size);
    }

    @GetMapping("/experiments/{id}")
    RunTable experiment(@PathVariable String id, @RequestParam(required = false) String filter,
                        @RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
                        @RequestParam(required = false) List<String> columns,
                        @RequestParam(required = false) String pageToken,
                        @RequestParam(required = false, defaultValue = "0") int size) {
        return experiments.runsStrict(id, new RunQuery(filter, sort, dir, columns, pageToken, size));
    }

    @GetMapping("/runs/{id}")
    RunDetail run(@PathVariable String id) {
        return runs.run(id);
    }

    @GetMapping("/compare")
    Comparison compare(@RequestParam(required = false) List<String> runs) {
        return this.runs.compare(runs == null ? List.of() : runs);
    }

    @GetMapping("/deployments/{namespace}/{name}/runs")
    List<MlflowRun> deploymentRuns(@PathVariable String namespace, @PathVariable String name) {
        return runs.runsForDeployment(namespace, name);
    }

    @GetMapping("/models")
    ModelList models(@RequestParam(required = false) String q, @RequestParam(required = false) String pageToken,
                     @RequestParam(required = false, defaultValue = "0") int size) {
        return registry.models(q, pageToken, size);
    }

    @GetMapping("/models/{name}")
    ModelDetail model(@PathVariable String name, @RequestParam(required = false) String pageToken) {
        return registry.model(name, pageToken);
    }

    @GetMapping("/models/{name}/versions/{version}")
    VersionDetail version(@PathVariable String name, @PathVariable String version, CurrentUser user) {
        return registry.version(name, version, user);
    }
}
