package dev.converge.portal.sandbox.mlflow;

import static dev.converge.portal.sandbox.mlflow.TrackingDatabase.JSON;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.converge.portal.sandbox.mlflow.SearchSql.Attribute;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Runs, their params, tags and metrics: {@code runs/*} and {@code metrics/get-history} of MLflow's REST API. */
final class RunStore {

    static final String RUN_NAME_TAG = "mlflow.runName";
    static final Set<String> STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

    private static final SearchSql.Kind KIND = new SearchSql.Kind(Map.of(
            "run_id", Attribute.id("r.run_uuid"),
            "run_name", Attribute.text("r.run_name"),
            "status", Attribute.text("r.status"),
            "user_id", Attribute.text("r.user_id"),
            "artifact_uri", Attribute.text("r.artifact_uri"),
            "start_time", Attribute.number("r.start_time"),
            "end_time", Attribute.number("r.end_time"),
            "created", Attribute.number("r.start_time")),
            "mlflow_run_tags", "%s.run_uuid = r.run_uuid", "r.run_uuid");
    private static final String COLUMNS = "r.run_uuid, r.experiment_id, r.run_name, r.user_id, r.status, "
            + "r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";
    /** Run ids per statement when loading runs (see {@link #load}). */
    static final int LOAD_CHUNK = 500;
    private static final int MAX_BATCH_METRICS = 1000;
    private static final int MAX_BATCH_PARAMS = 100;
    private static final int MAX_BATCH_TAGS = 100;

    private final TrackingDatabase db;
    private final ExperimentStore experiments;

    RunStore(TrackingDatabase db, ExperimentStore experiments) {
        this.db = db;
        this.experiments = experiments;
    }

    ObjectNode create(TrackingRequest request) {
        var experimentId = request.text("experiment_id").filter(id -> !id.isEmpty()).orElse("0");
        var tags = request.objects("tags");
        var runName = request.text("run_name").filter(name -> !name.isEmpty())
                .or(() -> tags.stream().filter(tag -> tag.text("key").orElse("").equals(RUN_NAME_TAG)).findFirst()
                        .flatMap(tag -> tag.text("value")))
                .orElseGet(RunNames::random);
        long startTime = request.longValue("start_time").orElse(System.currentTimeMillis());
        var userId = request.text("user_id").orElse("");
        var runId = UUID.randomUUID().toString().replace("-", "");
        db.inTransaction(() -> {
            long experiment = experiments.require(experimentId, true);
            var artifactLocation = experiments.get(experimentId).get("artifact_location").asString();
            db.jdbc.update("INSERT INTO mlflow_runs (run_uuid, experiment_id, run_name, user_id, status, start_time, "
                    + "end_time, artifact_uri, lifecycle_stage) VALUES (?, ?, ?, ?, 'RUNNING', ?, NULL, ?, ?)",
                    runId, experiment, runName, userId, startTime, artifactLocation + "/" + runId + "/artifacts",
                    ExperimentStore.ACTIVE);
            for (var tag : tags) {
                putTag(runId, tag.required("key"), tag.text("value").orElse(""));
            }
            putTag(runId, RUN_NAME_TAG, runName);
        });
        return get(runId);
    }

    ObjectNode get(String runId) {
        var runs = load(List.of(runId));
        if (runs.isEmpty()) {
            throw notFound(runId);
        }
        return JSON.objectNode().set("run", runs.get(0));
    }

    ObjectNode update(TrackingRequest request) {
        var runId = request.runId();
        var status = request.text("status");
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw MlflowError.invalidParameter("Invalid value \"" + status.get() + "\" for parameter 'status' "
                    + "supplied. It must be one of " + STATUSES);
        }
        db.inTransaction(() -> {
            requireActive(runId);
            status.ifPresent(value -> db.jdbc.update("UPDATE mlflow_runs SET status = ? WHERE run_uuid = ?", value,
                    runId));
            request.longValue("end_time").ifPresent(value -> db.jdbc.update(
                    "UPDATE mlflow_runs SET end_time = ? WHERE run_uuid = ?", value, runId));
            request.text("run_name").filter(name -> !name.isEmpty()).ifPresent(name -> {
                db.jdbc.update("UPDATE mlflow_runs SET run_name = ? WHERE run_uuid = ?", name, runId);
                putTag(runId, RUN_NAME_TAG, name);
            });
        });
        return JSON.objectNode().set("run_info", get(runId).get("run").get("info"));
    }

    void setLifecycle(String runId, String stage) {
        if (db.jdbc.update("UPDATE mlflow_runs SET lifecycle_stage = ? WHERE run_uuid = ?", stage, runId) == 0) {
            throw notFound(runId);
        }
    }

    void logMetric(String runId, String key, double value, long timestamp, long step) {
        TrackingDatabase.validateKey("key", key);
        db.inTransaction(() -> {
            requireActive(runId);
            insertMetric(runId, key, value, timestamp, step);
        });
    }

    void logParam(String runId, String key, String value) {
        TrackingDatabase.validateKey("key", key);
        TrackingDatabase.validateLength("value", value, 6000);
        db.inTransaction(() -> {
            requireActive(runId);
            putParam(runId, key, value);
        });
    }

    void setTag(String runId, String key, String value) {
        TrackingDatabase.validateKey("key", key);
        TrackingDatabase.validateLength("value", value, 8000);
        db.inTransaction(() -> {
            requireActive(runId);
            putTag(runId, key, value);
            if (RUN_NAME_TAG.equals(key)) {
                db.jdbc.update("UPDATE mlflow_runs SET run_name = ? WHERE run_uuid = ?", value, runId);
            }
        });
    }

    void deleteTag(String runId, String key) {
        db.inTransaction(() -> {
            requireActive(runId);
            if (db.jdbc.update("DELETE FROM mlflow_run_tags WHERE run_uuid = ? AND tag_key = ?", runId, key) == 0) {
                throw MlflowError.notFound("No tag with name: " + key + " in run with id " + runId);
            }
        });
    }

    void logBatch(String runId, List<TrackingRequest> metrics, List<TrackingRequest> params,
                  List<TrackingRequest> tags) {
        limit(metrics.size(), MAX_BATCH_METRICS, "metrics");
        limit(params.size(), MAX_BATCH_PARAMS, "params");
        limit(tags.size(), MAX_BATCH_TAGS, "tags");
        db.inTransaction(() -> {
            requireActive(runId);
            for (var param : params) {
                var key = param.required("key");
                TrackingDatabase.validateKey("key", key);
                putParam(runId, key, param.text("value").orElse(""));
            }
            for (var tag : tags) {
                var key = tag.required("key");
                TrackingDatabase.validateKey("key", key);
                putTag(runId, key, tag.text("value").orElse(""));
            }
            insertMetrics(runId, metrics);
        });
    }

    /** The history rows in one JDBC batch, then the latest value once per key. */
    private void insertMetrics(String runId, List<TrackingRequest> metrics) {
        var rows = new ArrayList<Object[]>();
        var latest = new LinkedHashMap<String, Object[]>();
        for (var metric : metrics) {
            var key = metric.required("key");
            TrackingDatabase.validateKey("key", key);
            double value = metric.doubleValue("value").orElseThrow(() -> MlflowError.missing("value"));
            long timestamp = metric.longValue("timestamp").orElseThrow(() -> MlflowError.missing("timestamp"));
            long step = metric.longValue("step").orElse(0L);
            var row = new Object[] {runId, key, value, Double.isNaN(value), step, timestamp};
            rows.add(row);
            latest.merge(key, row, (current, candidate) -> isLater(candidate, current) ? candidate : current);
        }
        db.jdbc.batchUpdate("INSERT INTO mlflow_metrics (run_uuid, metric_key, metric_value, is_nan, step, "
                + "timestamp_ms) VALUES (?, ?, ?, ?, ?, ?)", rows);
        latest.values().forEach(row -> updateLatest(runId, (String) row[1], (double) row[2], (long) row[5],
                (long) row[4]));
    }

    private static boolean isLater(Object[] candidate, Object[] current) {
        int byStep = Long.compare((long) candidate[4], (long) current[4]);
        int byTime = Long.compare((long) candidate[5], (long) current[5]);
        return byStep > 0 || (byStep == 0 && (byTime > 0 || (byTime == 0 && (double) candidate[2] > (double) current[2])));
    }

    ObjectNode history(TrackingRequest request) {
        var runId = request.runId();
        var key = request.required("metric_key");
        int maxResults = request.maxResults(25_000, 25_000);
        var query = "history|" + runId + "|" + key;
        int offset = PageToken.offset(request.text("page_token"), query);
        requireExists(runId);
        var rows = db.jdbc.query("SELECT metric_key, metric_value, is_nan, timestamp_ms, step FROM mlflow_metrics "
                + "WHERE run_uuid = ? AND metric_key = ? ORDER BY step, timestamp_ms, id OFFSET " + offset
                + " ROWS FETCH FIRST " + (maxResults + 1) + " ROWS ONLY", (rs, i) -> metric(rs), runId, key);
        var response = JSON.objectNode();
        var metrics = JSON.arrayNode();
        rows.stream().limit(maxResults).forEach(metrics::add);
        TrackingDatabase.putUnlessEmpty(response, "metrics", metrics);
        if (rows.size() > maxResults) {
            response.put("next_page_token", PageToken.next(offset + maxResults, query));
        }
        return response;
    }

    ObjectNode search(TrackingRequest request) {
        var experimentIds = request.strings("experiment_ids");
        if (experimentIds.isEmpty()) {
            throw MlflowError.missing("experiment_ids");
        }
        var ids = new ArrayList<Long>();
        for (var id : experimentIds) {
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw MlflowError.invalidParameter("Invalid value \"" + id + "\" for parameter 'experiment_ids' "
                        + "supplied: expected experiment ids");
            }
        }
        int maxResults = request.maxResults(1000, 50_000);
        var filter = request.text("filter").orElse("");
        var orderBy = request.strings("order_by");
        var view = ViewType.parse(request.text("run_view_type"), "run_view_type");
        var query = "runs|" + ids + "|" + filter + "|" + orderBy + "|" + view;
        int offset = PageToken.offset(request.text("page_token"), query);
        var where = SearchSql.where(KIND, SearchFilter.parse(filter));
        var scope = " r.experiment_id IN (" + TrackingDatabase.placeholders(ids.size()) + ") AND r.lifecycle_stage "
                + "IN (" + TrackingDatabase.placeholders(view.stages().size()) + ")" + where.sql();
        var scopeArgs = Arrays.asList(TrackingDatabase.args(ids, view.stages(), where.args()));
        var metric = singleMetric(orderBy);
        List<String> runIds;
        if (metric != null) {
            runIds = byMetric(metric, scope, scopeArgs, offset, maxResults + 1);
        } else {
            var ordering = SearchSql.orderBy(KIND, orderBy, "r.start_time DESC, r.run_uuid ASC");
            var sql = "SELECT r.run_uuid FROM mlflow_runs r" + ordering.joins() + " WHERE" + scope + " ORDER BY "
                    + ordering.orderBy() + " OFFSET " + offset + " ROWS FETCH FIRST " + (maxResults + 1)
                    + " ROWS ONLY";
            runIds = db.jdbc.queryForList(sql, String.class, TrackingDatabase.args(ordering.joinArgs(), scopeArgs));
        }
        var response = JSON.objectNode();
        var runs = JSON.arrayNode();
        load(runIds.stream().limit(maxResults).toList()).forEach(runs::add);
        TrackingDatabase.putUnlessEmpty(response, "runs", runs);
        if (runIds.size() > maxResults) {
            response.put("next_page_token", PageToken.next(offset + maxResults, query));
        }
        return response;
    }

    /** The order when it is one metric (the runs page's usual sort), else null. */
    private static SearchFilter.OrderClause singleMetric(List<String> orderBy) {
        var items = orderBy.stream().filter(item -> item != null && !item.isBlank()).toList();
        if (items.size() != 1) {
            return null;
        }
        var clause = SearchFilter.parseOrderBy(items.get(0));
        return clause.identifier().entity() == SearchFilter.Entity.METRIC ? clause : null;
    }

    /**
     * One page sorted by a metric without sorting the experiment: the runs with the metric come straight off the
     * index {@code (metric_key, metric_value, run_uuid)} in its order (the ORDER BY names the index's columns, so the
     * database reads only the page's rows), ties by run id; then, as in MLflow, the runs without it, newest first.
     * The count of runs with the metric is only needed on the page where they run out.
     */
    private List<String> byMetric(SearchFilter.OrderClause metric, String scope, List<Object> scopeArgs, int offset,
                                  int limit) {
        var direction = metric.ascending() ? " ASC" : " DESC";
        var key = metric.identifier().key();
        var withMetric = db.jdbc.queryForList("SELECT m.run_uuid FROM mlflow_latest_metrics m JOIN mlflow_runs r "
                + "ON r.run_uuid = m.run_uuid WHERE m.metric_key = ? AND" + scope + " ORDER BY m.metric_key"
                + direction + ", m.metric_value" + direction + ", m.run_uuid" + direction + " OFFSET " + offset
                + " ROWS FETCH FIRST " + limit + " ROWS ONLY", String.class,
                TrackingDatabase.args(List.of(key), scopeArgs));
        if (withMetric.size() == limit) {
            return withMetric;
        }
        var without = " NOT EXISTS (SELECT 1 FROM mlflow_latest_metrics m WHERE m.run_uuid = r.run_uuid AND "
                + "m.metric_key = ?) AND";
        int having = withMetric.isEmpty() ? db.jdbc.queryForObject("SELECT COUNT(*) FROM mlflow_latest_metrics m "
                + "JOIN mlflow_runs r ON r.run_uuid = m.run_uuid WHERE m.metric_key = ? AND" + scope, Integer.class,
                TrackingDatabase.args(List.of(key), scopeArgs)) : offset + withMetric.size();
        var page = new ArrayList<>(withMetric);
        page.addAll(db.jdbc.queryForList("SELECT r.run_uuid FROM mlflow_runs r WHERE" + without + scope
                + " ORDER BY r.start_time DESC, r.run_uuid ASC OFFSET " + Math.max(0, offset - having)
                + " ROWS FETCH FIRST " + (limit - withMetric.size()) + " ROWS ONLY", String.class,
                TrackingDatabase.args(List.of(key), scopeArgs)));
        return page;
    }

    /**
     * Runs in the order of {@code runIds}, each with its params, tags and latest metrics. The ids go to the database
     * in chunks of {@value #LOAD_CHUNK}: an {@code IN} list of thousands of parameters (a 5,000-run page) made H2
     * plan and sort one huge statement per table; chunks keep each statement small and index-driven. Nothing is
     * sorted in SQL: each run's few keys are sorted here.
     */
    private List<ObjectNode> load(List<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        var infos = new HashMap<String, ObjectNode>();
        var metrics = new HashMap<String, List<ObjectNode>>();
        var params = new HashMap<String, List<String[]>>();
        var tags = new HashMap<String, List<String[]>>();
        for (int from = 0; from < runIds.size(); from += LOAD_CHUNK) {
            var chunk = runIds.subList(from, Math.min(from + LOAD_CHUNK, runIds.size()));
            var in = " IN (" + TrackingDatabase.placeholders(chunk.size()) + ")";
            var args = chunk.toArray();
            db.jdbc.query("SELECT " + COLUMNS + " FROM mlflow_runs r WHERE r.run_uuid" + in,
                    rs -> {
                        infos.put(rs.getString("run_uuid"), info(rs));
                    }, args);
            db.jdbc.query("SELECT run_uuid, metric_key, metric_value, is_nan, timestamp_ms, step FROM "
                    + "mlflow_latest_metrics WHERE run_uuid" + in, rs -> {
                        metrics.computeIfAbsent(rs.getString(1), id -> new ArrayList<>()).add(metric(rs));
                    }, args);
            pairs("SELECT run_uuid, param_key, param_value FROM mlflow_params WHERE run_uuid" + in, args, params);
            pairs("SELECT run_uuid, tag_key, tag_value FROM mlflow_run_tags WHERE run_uuid" + in, args, tags);
        }
        var runs = new ArrayList<ObjectNode>();
        for (var runId : runIds) {
            var info = infos.get(runId);
            if (info == null) {
                continue;
            }
            var data = JSON.objectNode();
            var runMetrics = JSON.arrayNode();
            metrics.getOrDefault(runId, List.of()).stream()
                    .sorted(Comparator.comparing(metric -> metric.get("key").asString())).forEach(runMetrics::add);
            TrackingDatabase.putUnlessEmpty(data, "metrics", runMetrics);
            TrackingDatabase.putUnlessEmpty(data, "params", TrackingDatabase.keyValues(sorted(params.get(runId))));
            TrackingDatabase.putUnlessEmpty(data, "tags", TrackingDatabase.keyValues(sorted(tags.get(runId))));
            var run = JSON.objectNode();
            run.set("info", info);
            run.set("data", data);
            run.set("inputs", JSON.objectNode());
            runs.add(run);
        }
        return runs;
    }

    private void pairs(String sql, Object[] args, Map<String, List<String[]>> byRun) {
        db.jdbc.query(sql, rs -> {
            byRun.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                    .add(new String[] {rs.getString(2), rs.getString(3)});
        }, args);
    }

    private static List<String[]> sorted(List<String[]> pairs) {
        if (pairs == null) {
            return List.of();
        }
        pairs.sort(Comparator.comparing(pair -> pair[0]));
        return pairs;
    }

    private static ObjectNode info(ResultSet rs) throws SQLException {
        var info = JSON.objectNode()
                .put("run_id", rs.getString("run_uuid"))
                .put("run_uuid", rs.getString("run_uuid"))
                .put("run_name", rs.getString("run_name"))
                .put("experiment_id", Long.toString(rs.getLong("experiment_id")))
                .put("user_id", rs.getString("user_id"))
                .put("status", rs.getString("status"))
                .put("start_time", rs.getLong("start_time"));
        long end = rs.getLong("end_time");
        if (!rs.wasNull()) {
            info.put("end_time", end);
        }
        return info.put("artifact_uri", rs.getString("artifact_uri"))
                .put("lifecycle_stage", rs.getString("lifecycle_stage"));
    }

    private static ObjectNode metric(ResultSet rs) throws SQLException {
        var metric = JSON.objectNode().put("key", rs.getString("metric_key"));
        double value = rs.getDouble("metric_value");
        if (rs.getBoolean("is_nan") || Double.isNaN(value)) {
            metric.put("value", "NaN");
        } else if (Double.isInfinite(value)) {
            metric.put("value", value > 0 ? "Infinity" : "-Infinity");
        } else {
            metric.put("value", value);
        }
        return metric.put("timestamp", rs.getLong("timestamp_ms")).put("step", rs.getLong("step"));
    }

    private void requireExists(String runId) {
        if (db.jdbc.queryForList("SELECT 1 FROM mlflow_runs WHERE run_uuid = ?", Integer.class, runId).isEmpty()) {
            throw notFound(runId);
        }
    }

    /** Only an active run takes new data, as in MLflow. */
    private void requireActive(String runId) {
        var stages = db.jdbc.queryForList("SELECT lifecycle_stage FROM mlflow_runs WHERE run_uuid = ?", String.class,
                runId);
        if (stages.isEmpty()) {
            throw notFound(runId);
        }
        if (!ExperimentStore.ACTIVE.equals(stages.get(0))) {
            throw MlflowError.invalidParameter("The run " + runId + " must be in the 'active' state. Current state "
                    + "is " + stages.get(0) + ".");
        }
    }

    private void putParam(String runId, String key, String value) {
        var existing = db.jdbc.queryForList("SELECT param_value FROM mlflow_params WHERE run_uuid = ? AND "
                + "param_key = ?", String.class, runId, key);
        if (existing.isEmpty()) {
            db.jdbc.update("INSERT INTO mlflow_params (run_uuid, param_key, param_value) VALUES (?, ?, ?)", runId,
                    key, value);
        } else if (!existing.get(0).equals(value)) {
            throw MlflowError.invalidParameter("Changing param values is not allowed. Param with key='" + key
                    + "' was already logged with value='" + existing.get(0) + "' for run ID='" + runId
                    + "'. Attempted logging new value '" + value + "'.");
        }
    }

    private void putTag(String runId, String key, String value) {
        if (db.jdbc.update("UPDATE mlflow_run_tags SET tag_value = ? WHERE run_uuid = ? AND tag_key = ?", value,
                runId, key) == 0) {
            db.jdbc.update("INSERT INTO mlflow_run_tags (run_uuid, tag_key, tag_value) VALUES (?, ?, ?)", runId, key,
                    value);
        }
    }

    /** Appends to the history and moves the latest value when this one is later (step, then time, then value). */
    private void insertMetric(String runId, String key, double value, long timestamp, long step) {
        db.jdbc.update("INSERT INTO mlflow_metrics (run_uuid, metric_key, metric_value, is_nan, step, timestamp_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?)", runId, key, value, Double.isNaN(value), step, timestamp);
        updateLatest(runId, key, value, timestamp, step);
    }

    private void updateLatest(String runId, String key, double value, long timestamp, long step) {
        boolean nan = Double.isNaN(value);
        var latest = db.jdbc.query("SELECT step, timestamp_ms, metric_value FROM mlflow_latest_metrics WHERE "
                + "run_uuid = ? AND metric_key = ?", (rs, i) -> new double[] {rs.getLong(1), rs.getLong(2),
                        rs.getDouble(3)}, runId, key);
        if (latest.isEmpty()) {
            db.jdbc.update("INSERT INTO mlflow_latest_metrics (run_uuid, metric_key, metric_value, is_nan, step, "
                    + "timestamp_ms) VALUES (?, ?, ?, ?, ?, ?)", runId, key, value, nan, step, timestamp);
            return;
        }
        var current = latest.get(0);
        int byStep = Long.compare(step, (long) current[0]);
        int byTime = Long.compare(timestamp, (long) current[1]);
        if (byStep > 0 || (byStep == 0 && (byTime > 0 || (byTime == 0 && value > current[2])))) {
            db.jdbc.update("UPDATE mlflow_latest_metrics SET metric_value = ?, is_nan = ?, step = ?, timestamp_ms = ? "
                    + "WHERE run_uuid = ? AND metric_key = ?", value, nan, step, timestamp, runId, key);
        }
    }

    private static void limit(int count, int limit, String what) {
        if (count > limit) {
            throw MlflowError.invalidParameter("A batch logging request can contain at most " + limit + " " + what
                    + ". Got " + count + " " + what + ". Please split up " + what + " across multiple requests and "
                    + "try again.");
        }
    }

    private static MlflowError notFound(String runId) {
        return MlflowError.notFound("Run with id=" + runId + " not found");
    }
}
