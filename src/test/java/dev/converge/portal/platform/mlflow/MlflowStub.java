package dev.converge.portal.platform.mlflow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MLflow tracking server for tests: the REST paths, request fields, JSON shapes, page tokens and error bodies
 * ({@code {"error_code": ..., "message": ...}} with MLflow's statuses) of MLflow's REST API reference, kept in
 * memory. It serves what the portal reads (experiments/search and get, runs/search and get, metrics/get-history,
 * artifacts/list, registered-models/search, get and get-latest-versions, model-versions/search and get) and what a
 * client writes to fill it (experiments/create, runs/create, runs/log-batch, runs/update, registered-models/create,
 * model-versions/create, registered-models/alias). Faults on demand: a delay, a status with body, a required token.
 */
public final class MlflowStub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(metrics|metric|params|param|tags|tag|attributes|attribute|attr|run)\\.(`[^`]+`|\"[^\"]+\"|[\\w.\\-/]+)"
                    + "\\s*(=|!=|>=|<=|>|<|LIKE|ILIKE)\\s*('(?:[^'\\\\]|\\\\.)*'|\"[^\"]*\"|-?[0-9.eE+-]+)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ID_IN = Pattern.compile(
            "\\s*(?:attributes|attribute|attr|run)\\.(?:run_id|`run_id`)\\s+IN\\s*\\(\\s*('[^']*'(?:\\s*,\\s*'[^']*')*)\\s*\\)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME_CLAUSE = Pattern.compile(
            "\\s*name\\s*(=|!=|LIKE|ILIKE)\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDER = Pattern.compile(
            "\\s*(metrics|params|tags|attributes|attribute)\\.(`[^`]+`|\"[^\"]+\"|[\\w.\\-/]+)(\\s+(ASC|DESC))?\\s*",
            Pattern.CASE_INSENSITIVE);

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Map<String, Object>> experiments = new ConcurrentHashMap<>();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> models = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> versions = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private volatile Duration delay = Duration.ZERO;
    private volatile String requiredToken;
    private volatile int failStatus;
    private volatile String failBody;

    private MlflowStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/2.0/mlflow/", this::handle);
        server.start();
        experiments.put("0", experiment("0", "Default"));
    }

    public static MlflowStub start() {
        try {
            return new MlflowStub();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int requests() {
        return requests.get();
    }

    public MlflowStub delay(Duration each) {
        delay = each;
        return this;
    }

    /** Every request without {@code Authorization: Bearer <token>} gets a 401. */
    public MlflowStub requireToken(String token) {
        requiredToken = token;
        return this;
    }

    public MlflowStub failWith(int status, String body) {
        failStatus = status;
        failBody = body;
        return this;
    }

    public MlflowStub healthy() {
        delay = Duration.ZERO;
        requiredToken = null;
        failStatus = 0;
        return this;
    }

    @Override
    public void close() {
        later.shutdownNow();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        var wait = delay;
        if (!wait.isZero()) {
            // a slow server: the answer is scheduled for later, no thread waits for it
            later.schedule(() -> answer(exchange), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        answer(exchange);
    }

    private void answer(HttpExchange exchange) {
        try (exchange) {
            if (requiredToken != null && !("Bearer " + requiredToken).equals(
                    exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, Map.of("error_code", "UNAUTHENTICATED",
                        "message", "You are not authenticated. Please see the documentation."));
                return;
            }
            if (failStatus != 0) {
                var bytes = failBody.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(failStatus, bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            var path = exchange.getRequestURI().getPath().substring("/api/2.0/mlflow/".length());
            var request = "GET".equals(exchange.getRequestMethod()) ? query(exchange.getRequestURI().getRawQuery())
                    : JSON.readTree(exchange.getRequestBody());
            try {
                respond(exchange, 200, route(exchange.getRequestMethod() + " " + path, request));
            } catch (MlflowError error) {
                respond(exchange, error.status, Map.of("error_code", error.code, "message", error.getMessage()));
            }
        } catch (IOException e) {
            // the client went away (it gave up on a slow answer): nothing to tell it
        }
    }

    private Object route(String call, JsonNode r) {
        return switch (call) {
            case "POST experiments/search" -> searchExperiments(r);
            case "GET experiments/get" -> Map.of("experiment", experimentOf(text(r, "experiment_id")));
            case "POST experiments/create" -> createExperiment(r);
            case "POST runs/create" -> createRun(r);
            case "POST runs/log-batch" -> logBatch(r);
            case "POST runs/update" -> updateRun(r);
            case "POST runs/search" -> searchRuns(r);
            case "GET runs/get" -> Map.of("run", runOf(text(r, "run_id")).json());
            case "GET metrics/get-history" -> history(r);
            case "GET artifacts/list" -> artifacts(r);
            case "POST registered-models/create" -> createModel(r);
            case "GET registered-models/search" -> searchModels(r);
            case "GET registered-models/get" -> Map.of("registered_model", modelJson(modelOf(text(r, "name"))));
            case "POST registered-models/get-latest-versions" -> Map.of("model_versions",
                    latest(text(modelOf(text(r, "name")), "name")));
            case "POST model-versions/create" -> createVersion(r);
            case "GET model-versions/search" -> searchVersions(r);
            case "GET model-versions/get" -> Map.of("model_version", versionOf(text(r, "name"), text(r, "version")));
            case "POST registered-models/alias" -> setAlias(r);
            default -> throw new MlflowError(404, "ENDPOINT_NOT_FOUND", "No API endpoint for " + call);
        };
    }

    // ---- experiments

    private Map<String, Object> searchExperiments(JsonNode r) {
        var view = textOr(r, "view_type", "ACTIVE_ONLY");
        var filter = text(r, "filter");
        Predicate<Map<String, Object>> matches = nameFilter(filter, e -> (String) e.get("name"));
        var all = experiments.values().stream()
                .filter(e -> view.equals("ALL") || (view.equals("DELETED_ONLY") == "deleted".equals(e.get("lifecycle_stage"))))
                .filter(matches)
                .sorted(Comparator.comparing((Map<String, Object> e) -> (Long) e.get("last_update_time")).reversed()
                        .thenComparing(e -> Long.parseLong((String) e.get("experiment_id")), Comparator.reverseOrder()))
                .toList();
        return page("experiments", all, r, 1000);
    }

    private Map<String, Object> createExperiment(JsonNode r) {
        var name = required(r, "name");
        if (experiments.values().stream().anyMatch(e -> name.equals(e.get("name")))) {
            throw new MlflowError(400, "RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists.");
        }
        var id = String.valueOf(ids.getAndIncrement());
        experiments.put(id, experiment(id, name));
        return Map.of("experiment_id", id);
    }

    /** Deletes (marks deleted) an experiment, as experiments/delete would. */
    public void deleteExperiment(String id) {
        experimentOf(id).put("lifecycle_stage", "deleted");
    }

    private Map<String, Object> experiment(String id, String name) {
        var e = new LinkedHashMap<String, Object>();
        long now = System.currentTimeMillis() + ids.get();
        e.put("experiment_id", id);
        e.put("name", name);
        e.put("artifact_location", "s3://mlflow/" + id);
        e.put("lifecycle_stage", "active");
        e.put("last_update_time", now);
        e.put("creation_time", now);
        e.put("tags", List.of());
        return e;
    }

    private Map<String, Object> experimentOf(String id) {
        var e = id == null ? null : experiments.get(id);
        if (e == null) {
            throw new MlflowError(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + id + " exists");
        }
        return e;
    }

    // ---- runs

    private final class Run {
        final Map<String, Object> info = new LinkedHashMap<>();
        final Map<String, String> params = new ConcurrentHashMap<>();
        final Map<String, String> tags = new ConcurrentHashMap<>();
        final Map<String, List<Map<String, Object>>> history = new ConcurrentHashMap<>();
        final Map<String, Map<String, Object>> latest = new ConcurrentHashMap<>();

        Map<String, Object> latest(String key) {
            return latest.computeIfAbsent(key, this::computeLatest);
        }

        private Map<String, Object> computeLatest(String key) {
            var points = history.get(key);
            return points == null || points.isEmpty() ? null : points.stream().max(Comparator
                    .comparingLong((Map<String, Object> p) -> (Long) p.get("step"))
                    .thenComparingLong(p -> (Long) p.get("timestamp"))).orElseThrow();
        }

        Map<String, Object> json() {
            var metrics = history.keySet().stream().sorted().map(this::latest).toList();
            return Map.of("info", info, "data", Map.of(
                    "metrics", metrics,
                    "params", pairs(params),
                    "tags", pairs(tags)), "inputs", Map.of());
        }
    }

    private Map<String, Object> createRun(JsonNode r) {
        var experimentId = required(r, "experiment_id");
        experimentOf(experimentId);
        var run = new Run();
        var id = String.format(Locale.ROOT, "%032x", ids.getAndIncrement() * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
        var name = textOr(r, "run_name", "run-" + id.substring(24));
        run.info.put("run_id", id);
        run.info.put("run_uuid", id);
        run.info.put("run_name", name);
        run.info.put("experiment_id", experimentId);
        run.info.put("user_id", textOr(r, "user_id", "stub"));
        run.info.put("status", "RUNNING");
        run.info.put("start_time", r.has("start_time") ? r.get("start_time").asLong() : System.currentTimeMillis());
        run.info.put("artifact_uri", "s3://mlflow/" + experimentId + "/" + id + "/artifacts");
        run.info.put("lifecycle_stage", "active");
        if (r.has("tags")) {
            r.get("tags").forEach(t -> run.tags.put(t.get("key").asString(), t.get("value").asString()));
        }
        run.tags.put("mlflow.runName", name);
        runs.put(id, run);
        return Map.of("run", run.json());
    }

    private Map<String, Object> logBatch(JsonNode r) {
        var run = runOf(required(r, "run_id"));
        if (r.has("params")) {
            r.get("params").forEach(p -> run.params.put(p.get("key").asString(), p.get("value").asString()));
        }
        if (r.has("tags")) {
            r.get("tags").forEach(t -> run.tags.put(t.get("key").asString(), t.get("value").asString()));
        }
        if (r.has("metrics")) {
            r.get("metrics").forEach(m -> {
                var point = new LinkedHashMap<String, Object>();
                point.put("key", m.get("key").asString());
                point.put("value", m.get("value").asDouble());
                point.put("timestamp", m.get("timestamp").asLong());
                point.put("step", m.has("step") ? m.get("step").asLong() : 0L);
                run.history.computeIfAbsent(m.get("key").asString(), k -> new CopyOnWriteArrayList<>()).add(point);
                run.latest.remove(m.get("key").asString());
            });
        }
        return Map.of();
    }

    private Map<String, Object> updateRun(JsonNode r) {
        var run = runOf(required(r, "run_id"));
        if (r.has("status")) {
            run.info.put("status", r.get("status").asString());
        }
        if (r.has("end_time")) {
            run.info.put("end_time", r.get("end_time").asLong());
        }
        return Map.of("run_info", run.info);
    }

    /**
     * Adds {@code count} finished runs to an experiment in memory (for benchmarks: 10,000 runs through REST would
     * measure the seeding): {@code params} params {@code p0..} and {@code metrics} metrics {@code m0..}, one value each.
     */
    public void bulkRuns(String experimentId, int count, int params, int metrics) {
        experimentOf(experimentId);
        var random = new java.util.Random(42);
        long start = 1_700_000_000_000L;
        for (int i = 0; i < count; i++) {
            var run = new Run();
            var id = String.format(Locale.ROOT, "%032x", ids.getAndIncrement() * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
            run.info.put("run_id", id);
            run.info.put("run_uuid", id);
            run.info.put("run_name", "bulk-" + i);
            run.info.put("experiment_id", experimentId);
            run.info.put("user_id", "bench");
            run.info.put("status", "FINISHED");
            run.info.put("start_time", start + i * 1_000L);
            run.info.put("end_time", start + i * 1_000L + 60_000L);
            run.info.put("artifact_uri", "s3://mlflow/" + experimentId + "/" + id + "/artifacts");
            run.info.put("lifecycle_stage", "active");
            for (int p = 0; p < params; p++) {
                run.params.put("p" + p, String.valueOf(random.nextInt(100)));
            }
            for (int m = 0; m < metrics; m++) {
                var point = new LinkedHashMap<String, Object>();
                point.put("key", "m" + m);
                point.put("value", random.nextDouble());
                point.put("timestamp", start + i * 1_000L + 60_000L);
                point.put("step", 0L);
                run.history.put("m" + m, new CopyOnWriteArrayList<>(List.of(point)));
            }
            run.tags.put("mlflow.runName", "bulk-" + i);
            runs.put(id, run);
        }
    }

    private Run runOf(String id) {
        var run = id == null ? null : runs.get(id);
        if (run == null) {
            throw new MlflowError(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + id + "' not found");
        }
        return run;
    }

    private Map<String, Object> searchRuns(JsonNode r) {
        var experimentIds = new ArrayList<String>();
        if (r.has("experiment_ids")) {
            r.get("experiment_ids").forEach(id -> experimentIds.add(id.asString()));
        }
        experimentIds.forEach(this::experimentOf);
        Predicate<Run> matches = runFilter(text(r, "filter"));
        Comparator<Run> order = Comparator.comparing((Run run) -> (Long) run.info.get("start_time")).reversed();
        if (r.has("order_by") && !r.get("order_by").isEmpty()) {
            order = runOrder(r.get("order_by").get(0).asString());
        }
        var all = runs.values().stream()
                .filter(run -> experimentIds.contains((String) run.info.get("experiment_id")))
                .filter(run -> !"deleted".equals(run.info.get("lifecycle_stage")))
                .filter(matches).sorted(order.thenComparing(run -> (String) run.info.get("run_id"))).toList();
        var page = page("runs", all, r, 50_000);
        @SuppressWarnings("unchecked")
        var items = (List<Run>) page.get("runs");
        page.put("runs", items.stream().map(Run::json).toList());
        return page;
    }

    private Predicate<Run> runFilter(String filter) {
        Predicate<Run> all = run -> true;
        if (filter == null || filter.isBlank()) {
            return all;
        }
        for (var clause : filter.split("(?i)\\s+and\\s+")) {
            Matcher in = ID_IN.matcher(clause);
            if (in.matches()) {
                // MLflow's one list comparison: attributes.run_id IN ('a', 'b')
                var ids = new java.util.HashSet<String>();
                Matcher item = Pattern.compile("'([^']*)'").matcher(in.group(1));
                while (item.find()) {
                    ids.add(item.group(1));
                }
                all = all.and(run -> ids.contains((String) run.info.get("run_id")));
                continue;
            }
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new MlflowError(400, "INVALID_PARAMETER_VALUE",
                        "Invalid clause(s) in filter string: '" + clause.strip() + "'");
            }
            var kind = m.group(1).toLowerCase(Locale.ROOT);
            var key = unquote(m.group(2));
            var op = m.group(3).toUpperCase(Locale.ROOT);
            var literal = m.group(4);
            if (kind.startsWith("metric")) {
                if (literal.startsWith("'") || literal.startsWith("\"")) {
                    throw new MlflowError(400, "INVALID_PARAMETER_VALUE",
                            "Expected numeric value type for metric. Found " + literal);
                }
                double wanted = Double.parseDouble(literal);
                all = all.and(run -> {
                    var latest = run.latest(key);
                    return latest != null && compare(Double.compare((Double) latest.get("value"), wanted), op);
                });
            } else {
                var wanted = unquote(literal);
                all = all.and(run -> {
                    var value = switch (kind.charAt(0)) {
                        case 'p' -> run.params.get(key);
                        case 't' -> run.tags.get(key);
                        default -> Objects.toString(run.info.get(key), null);
                    };
                    return value != null && matchText(value, op, wanted);
                });
            }
        }
        return all;
    }

    private Comparator<Run> runOrder(String orderBy) {
        Matcher m = ORDER.matcher(orderBy);
        if (!m.matches()) {
            throw new MlflowError(400, "INVALID_PARAMETER_VALUE", "Invalid order_by clause '" + orderBy + "'.");
        }
        var kind = m.group(1).toLowerCase(Locale.ROOT);
        var key = unquote(m.group(2));
        boolean descending = "DESC".equalsIgnoreCase(m.group(4));
        if (kind.startsWith("metric")) {
            // runs without the metric come last either way, as in MLflow
            Comparator<Run> byValue = Comparator.comparing(run -> (Double) run.latest(key).get("value"));
            var present = descending ? byValue.reversed() : byValue;
            return (a, b) -> {
                boolean hasA = a.latest(key) != null;
                boolean hasB = b.latest(key) != null;
                return hasA && hasB ? present.compare(a, b) : Boolean.compare(hasB, hasA);
            };
        }
        Comparator<Run> byText = Comparator.comparing(run -> Objects.toString(switch (kind.charAt(0)) {
            case 'p' -> run.params.get(key);
            case 't' -> run.tags.get(key);
            default -> run.info.get(key);
        }, ""), (x, y) -> isNumber(x) && isNumber(y) ? Double.compare(Double.parseDouble(x), Double.parseDouble(y))
                : x.compareTo(y));
        return descending ? byText.reversed() : byText;
    }

    private Map<String, Object> history(JsonNode r) {
        var run = runOf(required(r, "run_id"));
        var key = required(r, "metric_key");
        var points = new ArrayList<>(run.history.getOrDefault(key, List.of()));
        points.sort(Comparator.comparingLong((Map<String, Object> p) -> (Long) p.get("step")));
        return page("metrics", points, r, 25_000);
    }

    private Map<String, Object> artifacts(JsonNode r) {
        var run = runOf(required(r, "run_id"));
        var path = text(r, "path");
        List<Map<String, Object>> files = path == null || path.isEmpty()
                ? List.of(Map.of("path", "model", "is_dir", true),
                        Map.of("path", "metrics.json", "is_dir", false, "file_size", 1234))
                : List.of(Map.of("path", path + "/MLmodel", "is_dir", false, "file_size", 321));
        return Map.of("root_uri", run.info.get("artifact_uri"), "files", files);
    }

    // ---- registry

    private Map<String, Object> createModel(JsonNode r) {
        var name = required(r, "name");
        if (models.containsKey(name)) {
            throw new MlflowError(400, "RESOURCE_ALREADY_EXISTS", "Registered Model (name=" + name + ") already exists.");
        }
        var model = new LinkedHashMap<String, Object>();
        long now = System.currentTimeMillis();
        model.put("name", name);
        model.put("creation_timestamp", now);
        model.put("last_updated_timestamp", now);
        model.put("description", textOr(r, "description", ""));
        model.put("aliases", new ConcurrentHashMap<String, String>());
        models.put(name, model);
        return Map.of("registered_model", modelJson(model));
    }

    private Map<String, Object> createVersion(JsonNode r) {
        var name = required(r, "name");
        modelOf(name);
        long number = versions.stream().filter(v -> name.equals(v.get("name"))).count() + 1;
        var version = new LinkedHashMap<String, Object>();
        long now = System.currentTimeMillis();
        version.put("name", name);
        version.put("version", String.valueOf(number));
        version.put("creation_timestamp", now);
        version.put("last_updated_timestamp", now);
        version.put("user_id", "stub");
        version.put("current_stage", textOr(r, "stage", "None"));
        version.put("description", textOr(r, "description", ""));
        version.put("source", required(r, "source"));
        version.put("run_id", textOr(r, "run_id", ""));
        version.put("status", "READY");
        versions.add(version);
        return Map.of("model_version", versionJson(version));
    }

    /** Moves a version to a stage (Production, Staging, ...), as transition-stage would. */
    public void stage(String name, String version, String stage) {
        versions.stream().filter(v -> name.equals(v.get("name")) && version.equals(v.get("version")))
                .forEach(v -> v.put("current_stage", stage));
    }

    private Map<String, Object> setAlias(JsonNode r) {
        var model = modelOf(required(r, "name"));
        versionOf((String) model.get("name"), required(r, "version"));
        aliases(model).put(required(r, "alias"), required(r, "version"));
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> aliases(Map<String, Object> model) {
        return (Map<String, String>) model.get("aliases");
    }

    private Map<String, Object> searchModels(JsonNode r) {
        Predicate<Map<String, Object>> matches = nameFilter(text(r, "filter"), m -> (String) m.get("name"));
        var all = models.values().stream().filter(matches)
                .sorted(Comparator.comparing(m -> (String) m.get("name"))).map(this::modelJson).toList();
        return page("registered_models", all, r, 1000);
    }

    private Map<String, Object> modelOf(String name) {
        var model = name == null ? null : models.get(name);
        if (model == null) {
            throw new MlflowError(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found");
        }
        return model;
    }

    private Map<String, Object> modelJson(Map<String, Object> model) {
        var json = new LinkedHashMap<String, Object>(model);
        json.put("latest_versions", latest((String) model.get("name")));
        json.put("aliases", aliases(model).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(a -> Map.of("alias", a.getKey(), "version", a.getValue())).toList());
        json.put("tags", List.of());
        return json;
    }

    private List<Map<String, Object>> latest(String name) {
        var byStage = new LinkedHashMap<String, Map<String, Object>>();
        versions.stream().filter(v -> name.equals(v.get("name")))
                .forEach(v -> byStage.put((String) v.get("current_stage"), v));
        return byStage.values().stream().map(this::versionJson).toList();
    }

    private Map<String, Object> searchVersions(JsonNode r) {
        var filter = text(r, "filter");
        Predicate<Map<String, Object>> matches = nameFilter(filter, v -> (String) v.get("name"));
        var all = versions.stream().filter(matches).map(this::versionJson).toList();
        return page("model_versions", all, r, 200_000);
    }

    private Map<String, Object> versionOf(String name, String version) {
        return versions.stream().filter(v -> Objects.equals(name, v.get("name")) && Objects.equals(version, v.get("version")))
                .findFirst().map(this::versionJson)
                .orElseThrow(() -> new MlflowError(404, "RESOURCE_DOES_NOT_EXIST",
                        "Model Version (name=" + name + ", version=" + version + ") not found"));
    }

    private Map<String, Object> versionJson(Map<String, Object> version) {
        var json = new LinkedHashMap<String, Object>(version);
        var model = models.get((String) version.get("name"));
        json.put("aliases", model == null ? List.of() : aliases(model).entrySet().stream()
                .filter(a -> a.getValue().equals(version.get("version"))).map(Map.Entry::getKey).sorted().toList());
        json.put("tags", List.of());
        return json;
    }

    // ---- shared

    /** MLflow's paging: {@code max_results} and a base64 {@code {"offset": n}} token. */
    private static <T> Map<String, Object> page(String field, List<T> all, JsonNode r, int maxAllowed) {
        int max = r.has("max_results") ? r.get("max_results").asInt() : Math.min(1000, maxAllowed);
        if (max < 1 || max > maxAllowed) {
            throw new MlflowError(400, "INVALID_PARAMETER_VALUE",
                    "Invalid value " + max + " for parameter 'max_results' supplied. It must be at most "
                            + maxAllowed + ".");
        }
        int offset = 0;
        var token = text(r, "page_token");
        if (token != null && !token.isEmpty()) {
            try {
                offset = JSON.readTree(Base64.getDecoder().decode(token)).get("offset").asInt();
            } catch (RuntimeException e) {
                throw new MlflowError(400, "INVALID_PARAMETER_VALUE", "Invalid page token, could not base64-decode");
            }
        }
        var page = new LinkedHashMap<String, Object>();
        page.put(field, all.subList(Math.min(offset, all.size()), Math.min(offset + max, all.size())));
        if (offset + max < all.size()) {
            page.put("next_page_token", Base64.getEncoder().encodeToString(
                    ("{\"offset\": " + (offset + max) + "}").getBytes(StandardCharsets.UTF_8)));
        }
        return page;
    }

    private static <T> Predicate<T> nameFilter(String filter, java.util.function.Function<T, String> name) {
        if (filter == null || filter.isBlank()) {
            return t -> true;
        }
        Matcher m = NAME_CLAUSE.matcher(filter);
        if (!m.matches()) {
            throw new MlflowError(400, "INVALID_PARAMETER_VALUE", "Invalid filter '" + filter + "'");
        }
        var op = m.group(1).toUpperCase(Locale.ROOT);
        var wanted = m.group(2).replace("\\'", "'").replace("\\\\", "\\");
        return t -> matchText(name.apply(t), op, wanted);
    }

    private static boolean matchText(String value, String op, String wanted) {
        return switch (op) {
            case "=" -> value.equals(wanted);
            case "!=" -> !value.equals(wanted);
            case "LIKE" -> like(value, wanted, false);
            case "ILIKE" -> like(value, wanted, true);
            default -> compare(isNumber(value) && isNumber(wanted)
                    ? Double.compare(Double.parseDouble(value), Double.parseDouble(wanted)) : value.compareTo(wanted), op);
        };
    }

    private static boolean like(String value, String pattern, boolean ignoreCase) {
        var regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL)
                .matcher(value).matches();
    }

    private static boolean compare(int comparison, String op) {
        return switch (op) {
            case "=" -> comparison == 0;
            case "!=" -> comparison != 0;
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            default -> false;
        };
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && (text.startsWith("`") || text.startsWith("'") || text.startsWith("\""))) {
            return text.substring(1, text.length() - 1).replace("\\'", "'");
        }
        return text;
    }

    private static List<Map<String, String>> pairs(Map<String, String> map) {
        return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Map.of("key", e.getKey(), "value", e.getValue())).toList();
    }

    private static JsonNode query(String raw) {
        var node = JSON.createObjectNode();
        if (raw != null) {
            for (var pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                node.put(key, value);
            }
        }
        return node;
    }

    private static String text(Object node, String field) {
        if (node instanceof JsonNode json) {
            return json.has(field) && !json.get(field).isNull() ? json.get(field).asString() : null;
        }
        return node instanceof Map<?, ?> map ? (String) map.get(field) : null;
    }

    private static String textOr(JsonNode node, String field, String fallback) {
        var value = text(node, field);
        return value == null ? fallback : value;
    }

    private static String required(JsonNode node, String field) {
        var value = text(node, field);
        if (value == null || value.isEmpty()) {
            throw new MlflowError(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter '" + field + "'.");
        }
        return value;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        var bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static final class MlflowError extends RuntimeException {
        final int status;
        final String code;

        MlflowError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
