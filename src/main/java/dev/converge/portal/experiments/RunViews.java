package dev.converge.portal.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.converge.portal.platform.mlflow.MetricPoint;
import dev.converge.portal.platform.mlflow.MlflowGateway;
import dev.converge.portal.platform.mlflow.MlflowRun;
import dev.converge.portal.shared.web.InvalidInput;
import org.springframework.stereotype.Service;

/**
 * A run with its metric histories, the comparison of runs, and the runs linked to a deployment. The calls of one
 * page go out together and share one deadline, so ten runs' histories cost about the slowest one, not the sum.
 */
@Service
public class RunViews {

    public static final int MIN_COMPARED = 2;
    public static final int MAX_COMPARED = 10;
    public static final int DEPLOYMENT_RUNS = 50;
    private static final int EXPERIMENTS_SEARCHED = 1_000;

    private final MlflowGateway mlflow;

    public RunViews(MlflowGateway mlflow) {
        this.mlflow = mlflow;
    }

    public RunDetail run(String runId) {
        return run(runId, true);
    }

    /**
     * A run; without {@code histories} (the page: its charts load the JSON twin) the metric histories are not read,
     * and the detail carries none.
     */
    public RunDetail run(String runId, boolean withHistories) {
        Ids.check("runId", runId);
        var session = mlflow.session();
        var run = session.await(session.run(runId));
        var experiment = session.experiment(run.experimentId());
        var artifacts = session.artifacts(runId, null);
        var pending = withHistories ? histories(session, run) : Map.<String, CompletableFuture<List<MetricPoint>>>of();
        var points = new LinkedHashMap<String, List<MetricPoint>>();
        var keys = new ArrayList<>(pending.keySet());
        var values = session.awaitAll(new ArrayList<>(pending.values()));
        for (int i = 0; i < keys.size(); i++) {
            points.put(keys.get(i), values.get(i));
        }
        return new RunDetail(run, session.await(experiment), session.await(artifacts), points,
                DeploymentLink.parse(run.tags().get(MlflowRun.DEPLOYMENT_TAG)));
    }

    /** 2–10 distinct run ids, in the order given. */
    public Comparison compare(List<String> runIds) {
        return compare(runIds, true);
    }

    /** Without {@code histories} (the page: its charts load the JSON twin) only the runs are read. */
    public Comparison compare(List<String> runIds, boolean withHistories) {
        var ids = new LinkedHashSet<String>();
        for (var id : runIds) {
            ids.add(Ids.check("runs", id.strip()));
        }
        if (ids.size() < MIN_COMPARED || ids.size() > MAX_COMPARED) {
            throw InvalidInput.field("runs", "mlflow.error.compare.count");
        }
        var session = mlflow.session();
        var runs = session.awaitAll(ids.stream().map(session::run).toList());
        var futures = new LinkedHashMap<String, Map<String, CompletableFuture<List<MetricPoint>>>>();
        for (var run : withHistories ? runs : List.<MlflowRun>of()) {
            histories(session, run).forEach((key, future) ->
                    futures.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(run.id(), future));
        }
        var all = futures.values().stream().flatMap(byRun -> byRun.values().stream()).toList();
        session.awaitAll(new ArrayList<>(all));
        var points = new LinkedHashMap<String, Map<String, List<MetricPoint>>>();
        futures.forEach((key, byRun) -> {
            var lines = new LinkedHashMap<String, List<MetricPoint>>();
            byRun.forEach((runId, future) -> lines.put(runId, future.join()));
            points.put(key, lines);
        });
        return Comparison.of(runs, points);
    }

    /**
     * The runs tagged {@code converge.dev/deployment=<namespace>/<name>}, newest first, across the active
     * experiments: the evaluations of that deployment.
     */
    public List<MlflowRun> runsForDeployment(String namespace, String name) {
        var link = DeploymentLink.parse(namespace + "/" + name);
        if (link == null) {
            throw InvalidInput.field("deployment", "mlflow.error.deployment");
        }
        var session = mlflow.session();
        var experiments = session.searchExperiments(null, MlflowGateway.ViewType.ACTIVE_ONLY, EXPERIMENTS_SEARCHED,
                null).items().stream().map(e -> e.id()).toList();
        if (experiments.isEmpty()) {
            return List.of();
        }
        var filter = "tags.`" + MlflowRun.DEPLOYMENT_TAG + "` = " + MlflowGateway.quoted(link.reference());
        return session.await(session.searchRuns(experiments, filter, "attributes.start_time DESC",
                MlflowGateway.ViewType.ACTIVE_ONLY, DEPLOYMENT_RUNS, null)).items();
    }

    /** The latest run that evaluated a deployment (the trust scorecard's quality signal), if any. */
    public Optional<MlflowRun> latestRunForDeployment(String namespace, String name) {
        return runsForDeployment(namespace, name).stream().findFirst();
    }

    private static Map<String, CompletableFuture<List<MetricPoint>>> histories(MlflowGateway.Session session,
                                                                               MlflowRun run) {
        var futures = new LinkedHashMap<String, CompletableFuture<List<MetricPoint>>>();
        run.metrics().keySet().forEach(key -> futures.put(key, session.metricHistory(run.id(), key)));
        return futures;
    }
}
