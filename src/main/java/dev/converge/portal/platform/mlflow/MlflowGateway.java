package dev.converge.portal.platform.mlflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.api.proto.Service;

/**
 * The portal's way to MLflow: the reads its pages need, over {@link MlflowHttp} with mlflow-client's message types.
 * Every method answers within the read timeout or throws {@link MlflowUnavailable}; MLflow's refusals become
 * {@link MlflowNotFound} and {@link MlflowRejected}. Several calls for one page share one deadline through a
 * {@link #session()}, so a page waits at most the read timeout in all.
 */
public class MlflowGateway {

    /** The most points of one metric's history read for a chart. */
    public static final int MAX_HISTORY_POINTS = 25_000;
    private static final int HISTORY_PAGE = 5_000;

    private final MlflowEndpoint endpoint;
    private final MlflowHttp http;

    public MlflowGateway(MlflowEndpoint endpoint, MlflowProperties properties) {
        this.endpoint = endpoint;
        this.http = endpoint.isConfigured()
                ? new MlflowHttp(endpoint, properties.connectTimeout(), properties.readTimeout()) : null;
    }

    public MlflowEndpoint endpoint() {
        return endpoint;
    }

    public boolean isConfigured() {
        return endpoint.isConfigured();
    }

    /** Calls that share one deadline: the read timeout from now. */
    public Session session() {
        if (http == null) {
            throw MlflowUnavailable.notConfigured();
        }
        return new Session(System.nanoTime() + http.readTimeout().toNanos());
    }

    public enum ViewType {
        ACTIVE_ONLY, DELETED_ONLY, ALL
    }

    /** Reads sharing one deadline. Not thread-safe; one per request. */
    public final class Session {

        private final long deadline;

        private Session(long deadline) {
            this.deadline = deadline;
        }

        /** Experiments whose name contains {@code nameContains} (any when blank), most recently updated first. */
        public TokenPage<MlflowExperiment> searchExperiments(String nameContains, ViewType view, int max,
                                                             String pageToken) {
            var request = Service.SearchExperiments.newBuilder().setMaxResults(max)
                    .setViewType(Service.ViewType.valueOf(view.name()))
                    .addOrderBy("last_update_time DESC");
            var filter = contains("name", nameContains);
            if (filter != null) {
                request.setFilter(filter);
            }
            if (pageToken != null) {
                request.setPageToken(pageToken);
            }
            var call = MlflowCall.of("experiments/search", null).searching(filter, false, pageToken);
            var response = MlflowProtos.parse(await(http.post(call, MlflowProtos.print(request))),
                    Service.SearchExperiments.Response.newBuilder());
            return new TokenPage<>(response.getExperimentsList().stream().map(MlflowProtos::experiment).toList(),
                    response.getNextPageToken());
        }

        public CompletableFuture<MlflowExperiment> experiment(String id) {
            var call = MlflowCall.of("experiments/get", () -> MlflowNotFound.experiment(id));
            return http.get(call, Map.of("experiment_id", id)).thenApply(json -> MlflowProtos.experiment(
                    MlflowProtos.parse(json, Service.GetExperiment.Response.newBuilder()).getExperiment()));
        }

        /** One page of runs; {@code orderBy} in MLflow's syntax ({@code metrics.`acc` DESC}), null for MLflow's. */
        public CompletableFuture<TokenPage<MlflowRun>> searchRuns(List<String> experimentIds, String filter,
                                                                  String orderBy, ViewType view, int max,
                                                                  String pageToken) {
            var request = Service.SearchRuns.newBuilder().addAllExperimentIds(experimentIds).setMaxResults(max)
                    .setRunViewType(Service.ViewType.valueOf(view.name()));
            if (filter != null && !filter.isBlank()) {
                request.setFilter(filter);
            }
            if (orderBy != null) {
                request.addOrderBy(orderBy);
            }
            if (pageToken != null) {
                request.setPageToken(pageToken);
            }
            var call = MlflowCall.of("runs/search", experimentIds.size() == 1
                            ? () -> MlflowNotFound.experiment(experimentIds.get(0)) : null)
                    .searching(filter, orderBy != null, pageToken);
            return http.post(call, MlflowProtos.print(request)).thenApply(json -> {
                var response = MlflowProtos.parse(json, Service.SearchRuns.Response.newBuilder());
                return new TokenPage<>(response.getRunsList().stream().map(MlflowProtos::run).toList(),
                        response.getNextPageToken());
            });
        }

        public CompletableFuture<MlflowRun> run(String id) {
            var call = MlflowCall.of("runs/get", () -> MlflowNotFound.run(id));
            return http.get(call, Map.of("run_id", id)).thenApply(json -> MlflowProtos.run(
                    MlflowProtos.parse(json, Service.GetRun.Response.newBuilder()).getRun()));
        }

        /** A metric's whole history (up to {@link #MAX_HISTORY_POINTS}), in step order. */
        public CompletableFuture<List<MetricPoint>> metricHistory(String runId, String key) {
            return historyFrom(runId, key, null, new ArrayList<>());
        }

        private CompletableFuture<List<MetricPoint>> historyFrom(String runId, String key, String pageToken,
                                                                 List<MetricPoint> sofar) {
            var query = new LinkedHashMap<String, Object>();
            query.put("run_id", runId);
            query.put("metric_key", key);
            query.put("max_results", HISTORY_PAGE);
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            var call = MlflowCall.of("metrics/get-history", () -> MlflowNotFound.run(runId));
            return http.get(call, query).thenCompose(json -> {
                var response = MlflowProtos.parse(json, Service.GetMetricHistory.Response.newBuilder());
                response.getMetricsList().forEach(m -> sofar.add(MlflowProtos.point(m)));
                var next = response.getNextPageToken();
                if (!next.isEmpty() && sofar.size() < MAX_HISTORY_POINTS) {
                    return historyFrom(runId, key, next, sofar);
                }
                sofar.sort(Comparator.comparingLong(MetricPoint::step).thenComparingLong(MetricPoint::timestamp));
                return CompletableFuture.completedFuture(List.copyOf(sofar));
            });
        }

        /** The top level of a run's artifacts (or of {@code path} below it). */
        public CompletableFuture<List<ArtifactEntry>> artifacts(String runId, String path) {
            var query = new LinkedHashMap<String, Object>();
            query.put("run_id", runId);
            if (path != null && !path.isBlank()) {
                query.put("path", path);
            }
            var call = MlflowCall.of("artifacts/list", () -> MlflowNotFound.run(runId));
            return http.get(call, query).thenApply(json -> MlflowProtos.parse(json,
                            Service.ListArtifacts.Response.newBuilder()).getFilesList().stream()
                    .map(MlflowProtos::artifact).toList());
        }

        public TokenPage<MlflowModel> searchModels(String nameContains, int max, String pageToken) {
            var query = new LinkedHashMap<String, Object>();
            var filter = contains("name", nameContains);
            if (filter != null) {
                query.put("filter", filter);
            }
            query.put("max_results", max);
            query.put("order_by", "name ASC");
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            var call = MlflowCall.of("registered-models/search", null).searching(filter, false, pageToken);
            var response = MlflowProtos.parse(await(http.get(call, query)),
                    ModelRegistry.SearchRegisteredModels.Response.newBuilder());
            return new TokenPage<>(response.getRegisteredModelsList().stream().map(MlflowProtos::model).toList(),
                    response.getNextPageToken());
        }

        public CompletableFuture<MlflowModel> model(String name) {
            var call = MlflowCall.of("registered-models/get", () -> MlflowNotFound.model(name));
            return http.get(call, Map.of("name", name)).thenApply(json -> MlflowProtos.model(
                    MlflowProtos.parse(json, ModelRegistry.GetRegisteredModel.Response.newBuilder())
                            .getRegisteredModel()));
        }

        /** The latest version of the model in each stage. */
        public CompletableFuture<List<MlflowModelVersion>> latestVersions(String name) {
            var call = MlflowCall.of("registered-models/get-latest-versions", () -> MlflowNotFound.model(name));
            var request = ModelRegistry.GetLatestVersions.newBuilder().setName(name);
            return http.post(call, MlflowProtos.print(request)).thenApply(json -> MlflowProtos.parse(json,
                            ModelRegistry.GetLatestVersions.Response.newBuilder()).getModelVersionsList().stream()
                    .map(MlflowProtos::version).toList());
        }

        /** One page of a model's versions. */
        public CompletableFuture<TokenPage<MlflowModelVersion>> versions(String name, int max, String pageToken) {
            var query = new LinkedHashMap<String, Object>();
            query.put("filter", "name = " + quoted(name));
            query.put("max_results", max);
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            var call = MlflowCall.of("model-versions/search", () -> MlflowNotFound.model(name))
                    .searching(null, false, pageToken);
            return http.get(call, query).thenApply(json -> {
                var response = MlflowProtos.parse(json, ModelRegistry.SearchModelVersions.Response.newBuilder());
                return new TokenPage<>(response.getModelVersionsList().stream().map(MlflowProtos::version).toList(),
                        response.getNextPageToken());
            });
        }

        public CompletableFuture<MlflowModelVersion> version(String name, String version) {
            var call = MlflowCall.of("model-versions/get", () -> MlflowNotFound.version(name, version));
            return http.get(call, Map.of("name", name, "version", version)).thenApply(json -> MlflowProtos.version(
                    MlflowProtos.parse(json, ModelRegistry.GetModelVersion.Response.newBuilder())
                            .getModelVersion()));
        }

        /** Waits for a call of this session, no longer than its deadline. */
        public <T> T await(CompletableFuture<T> future) {
            return http.await(future, deadline);
        }

        /** Waits for all, no longer than the deadline; the first failure is thrown. */
        public <T> List<T> awaitAll(List<CompletableFuture<T>> futures) {
            await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
            return futures.stream().map(CompletableFuture::join).toList();
        }
    }

    /** MLflow's {@code LIKE} pattern for "contains", case-insensitive where MLflow supports it. */
    private static String contains(String attribute, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return attribute + " ILIKE " + quoted("%" + text.strip() + "%");
    }

    /** A string literal of MLflow's search syntax. */
    public static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
