package dev.converge.portal.experiments;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.TreeSet;

import dev.converge.portal.platform.mlflow.MlflowExperiment;
import dev.converge.portal.platform.mlflow.MlflowGateway;
import dev.converge.portal.platform.mlflow.MlflowRejected;
import dev.converge.portal.platform.mlflow.MlflowRun;
import dev.converge.portal.shared.web.InvalidInput;
import org.springframework.stereotype.Service;

/**
 * The experiments list and an experiment's runs table, read from MLflow on each request: MLflow filters, sorts and
 * pages (its page tokens), the portal shows one page, so an experiment of 10,000 runs costs one page's worth.
 * Every signed-in user may read (MLflow has no teams).
 */
@Service
public class ExperimentViews {

    public static final int DEFAULT_EXPERIMENTS = 25;
    private static final int MAX_QUERY = 200;

    private final MlflowGateway mlflow;
    private final RunDurations durations;
    private final Clock clock;

    public ExperimentViews(MlflowGateway mlflow, RunDurations durations, Clock clock) {
        this.mlflow = mlflow;
        this.durations = durations;
        this.clock = clock;
    }

    /** Whether there is a tracking server at all (configured, or the sandbox's); the pages say so when not. */
    public boolean mlflowConfigured() {
        return mlflow.isConfigured();
    }

    public ExperimentList list(String q, String lifecycle, String pageToken, int size) {
        var query = q == null || q.isBlank() ? null : q.strip();
        if (query != null && query.length() > MAX_QUERY) {
            throw InvalidInput.field("q", "mlflow.error.q.tooLong");
        }
        var stage = lifecycle == null || lifecycle.isBlank() ? "active" : lifecycle.toLowerCase(Locale.ROOT);
        if (!ExperimentList.LIFECYCLES.contains(stage)) {
            throw InvalidInput.field("lifecycle", "mlflow.error.lifecycle");
        }
        int max = size < 1 ? DEFAULT_EXPERIMENTS : Math.min(size, 100);
        var fingerprint = new String[] {"experiments", query, stage, String.valueOf(max)};
        var page = mlflow.session().searchExperiments(query, view(stage), max,
                PageTokens.unwrap(pageToken, fingerprint));
        return new ExperimentList(page.items(), query, stage, PageTokens.wrap(page.nextPageToken(), fingerprint));
    }

    /**
     * One page of runs. A filter or sort MLflow refuses comes back as the table's {@code filterError} (the page shows
     * it beside the box); API callers get it as a 400 through {@link #runsStrict}.
     */
    public RunTable runs(String experimentId, RunQuery query) {
        try {
            return runsStrict(experimentId, query);
        } catch (MlflowRejected rejected) {
            if (!"filter".equals(rejected.field()) && !"sort".equals(rejected.field())) {
                throw rejected;
            }
            var experiment = mlflow.session();
            return new RunTable(experiment.await(experiment.experiment(experimentId)), query, List.of(), List.of(),
                    List.of(), null, rejected.mlflowMessage(), clock.instant());
        }
    }

    public RunTable runsStrict(String experimentId, RunQuery query) {
        Ids.check("experimentId", experimentId);
        query.check();
        var session = mlflow.session();
        var fingerprint = query.fingerprint(experimentId);
        var experiment = session.experiment(experimentId);
        if (query.byDuration()) {
            return byDuration(session, experimentId, experiment, query, fingerprint);
        }
        var runs = session.searchRuns(List.of(experimentId), query.filter(), query.orderBy(),
                MlflowGateway.ViewType.ACTIVE_ONLY, query.size(), PageTokens.unwrap(query.pageToken(), fingerprint));
        var found = session.await(experiment);
        var page = session.await(runs);
        var available = available(page.items());
        return new RunTable(found, query, page.items(), available, chosen(query.columns(), available),
                PageTokens.wrap(page.nextPageToken(), fingerprint), null, clock.instant());
    }

    /**
     * A page by duration: its run ids from the portal's index, then those runs in one {@code runs/search} by id.
     * The page token is the offset in the index's order. A run deleted since the index was read is left out.
     */
    private RunTable byDuration(MlflowGateway.Session session, String experimentId,
                                CompletableFuture<MlflowExperiment> experiment, RunQuery query, String[] fingerprint) {
        int offset = offset(PageTokens.unwrap(query.pageToken(), fingerprint));
        var slice = durations.page(experimentId, query.filter(), "asc".equals(query.dir()), offset, query.size());
        // reading the index may have taken the page's deadline: the page's own reads get theirs from here
        session = mlflow.session();
        var runs = List.<MlflowRun>of();
        if (!slice.runIds().isEmpty()) {
            var byId = new HashMap<String, MlflowRun>();
            var filter = "attributes.run_id IN (" + String.join(", ", slice.runIds().stream()
                    .map(MlflowGateway::quoted).toList()) + ")";
            session.await(session.searchRuns(List.of(experimentId), filter, null,
                    MlflowGateway.ViewType.ACTIVE_ONLY, slice.runIds().size(), null)).items()
                    .forEach(run -> byId.put(run.id(), run));
            runs = slice.runIds().stream().map(byId::get).filter(Objects::nonNull).toList();
        }
        int next = offset + query.size();
        var available = available(runs);
        return new RunTable(session.await(experiment), query, runs, available, chosen(query.columns(), available),
                next < slice.total() ? PageTokens.wrap(String.valueOf(next), fingerprint) : null, null,
                clock.instant());
    }

    private static int offset(String token) {
        if (token == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(token);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // a portal token of another kind of search, below
        }
        throw InvalidInput.field("pageToken", "mlflow.error.pageToken.malformed");
    }

    private static List<String> available(List<MlflowRun> runs) {
        var metrics = new TreeSet<String>();
        var params = new TreeSet<String>();
        var tags = new TreeSet<String>();
        for (var run : runs) {
            run.metrics().keySet().forEach(key -> metrics.add("metrics." + key));
            run.params().keySet().forEach(key -> params.add("params." + key));
            run.userTags().keySet().forEach(key -> tags.add("tags." + key));
        }
        var all = new ArrayList<String>(metrics);
        all.addAll(params);
        all.addAll(tags);
        return all;
    }

    /** The columns asked for (those that exist, in the order of the table); without a choice, a readable few. */
    private static List<String> chosen(List<String> asked, List<String> available) {
        if (!asked.isEmpty()) {
            return available.stream().filter(asked::contains).toList();
        }
        var shown = new ArrayList<String>();
        available.stream().filter(c -> c.startsWith("metrics.")).limit(RunTable.DEFAULT_METRICS).forEach(shown::add);
        available.stream().filter(c -> c.startsWith("params.")).limit(RunTable.DEFAULT_PARAMS).forEach(shown::add);
        return shown;
    }

    private static MlflowGateway.ViewType view(String stage) {
        return switch (stage) {
            case "deleted" -> MlflowGateway.ViewType.DELETED_ONLY;
            case "all" -> MlflowGateway.ViewType.ALL;
            default -> MlflowGateway.ViewType.ACTIVE_ONLY;
        };
    }
}
