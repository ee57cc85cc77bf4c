package dev.converge.portal.sandbox.mlflow;

import static dev.converge.portal.sandbox.mlflow.TrackingDatabase.JSON;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.sandbox.mlflow.SearchSql.Attribute;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import tools.jackson.databind.node.ObjectNode;

/** Experiments: {@code experiments/*} of MLflow's REST API. */
final class ExperimentStore {

    static final String ACTIVE = "active";
    static final String DELETED = "deleted";

    private static final SearchSql.Kind KIND = new SearchSql.Kind(Map.of(
            "name", Attribute.text("e.name"),
            "experiment_id", Attribute.number("e.experiment_id"),
            "creation_time", Attribute.number("e.creation_time"),
            "last_update_time", Attribute.number("e.last_update_time")),
            "mlflow_experiment_tags", "%s.experiment_id = e.experiment_id", null);
    private static final String COLUMNS =
            "e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time";

    private final TrackingDatabase db;
    private final String artifactRoot;

    /** New experiments keep artifacts under {@code artifactRoot}/{id}, such as {@code s3://models/mlflow/3}. */
    ExperimentStore(TrackingDatabase db, String artifactRoot) {
        this.db = db;
        this.artifactRoot = artifactRoot;
    }

    String create(String name, String artifactLocation, List<TrackingRequest> tags) {
        if (name == null || name.isEmpty()) {
            throw MlflowError.missing("name");
        }
        TrackingDatabase.validateLength("name", name, 500);
        return db.inTransaction(() -> {
            if (!db.jdbc.queryForList("SELECT experiment_id FROM mlflow_experiments WHERE name = ?", Long.class, name)
                    .isEmpty()) {
                throw MlflowError.alreadyExists("Experiment(name=" + name + ") already exists. Error: Experiment "
                        + "names must be unique.");
            }
            long now = System.currentTimeMillis();
            var keys = new GeneratedKeyHolder();
            db.jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement("INSERT INTO mlflow_experiments (name, "
                        + "artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)",
                        new String[] {"experiment_id"});
                insert.setString(1, name);
                insert.setString(2, artifactLocation == null || artifactLocation.isEmpty() ? "" : artifactLocation);
                insert.setString(3, ACTIVE);
                insert.setLong(4, now);
                insert.setLong(5, now);
                return insert;
            }, keys);
            long id = keys.getKey().longValue();
            if (artifactLocation == null || artifactLocation.isEmpty()) {
                db.jdbc.update("UPDATE mlflow_experiments SET artifact_location = ? WHERE experiment_id = ?",
                        artifactRoot + "/" + id, id);
            }
            for (var tag : tags) {
                setTag(id, tag.required("key"), tag.text("value").orElse(""));
            }
            return Long.toString(id);
        });
    }

    /** Creates MLflow's "Default" experiment, id 0, where runs without an experiment go. */
    void createDefault() {
        long now = System.currentTimeMillis();
        db.jdbc.update("INSERT INTO mlflow_experiments (experiment_id, name, artifact_location, lifecycle_stage, "
                + "creation_time, last_update_time) VALUES (0, 'Default', ?, ?, ?, ?)", artifactRoot + "/0", ACTIVE,
                now, now);
    }

    boolean isEmpty() {
        return db.jdbc.queryForObject("SELECT COUNT(*) FROM mlflow_experiments", Long.class) == 0;
    }

    ObjectNode get(String id) {
        return find(id).orElseThrow(() -> MlflowError.notFound("No Experiment with id=" + id + " exists"));
    }

    ObjectNode getByName(String name) {
        var ids = db.jdbc.queryForList("SELECT experiment_id FROM mlflow_experiments WHERE name = ?", Long.class,
                name);
        if (ids.isEmpty()) {
            throw MlflowError.notFound("Could not find experiment with name '" + name + "'");
        }
        return get(Long.toString(ids.get(0)));
    }

    /** The experiment's numeric id, after checking it exists and, when {@code mustBeActive}, is not deleted. */
    long require(String id, boolean mustBeActive) {
        var experiment = get(id);
        if (mustBeActive && !ACTIVE.equals(experiment.get("lifecycle_stage").asString())) {
            throw MlflowError.invalidParameter("The experiment " + id + " must be in the 'active' state. Current "
                    + "state is " + experiment.get("lifecycle_stage").asString() + ".");
        }
        return Long.parseLong(id);
    }

    ObjectNode search(TrackingRequest request) {
        int maxResults = request.maxResults(1000, 50_000);
        var filter = request.text("filter").orElse("");
        var orderBy = request.strings("order_by");
        var view = ViewType.parse(request.text("view_type"), "view_type");
        var query = "experiments|" + filter + "|" + orderBy + "|" + view;
        int offset = PageToken.offset(request.text("page_token"), query);
        var where = SearchSql.where(KIND, SearchFilter.parse(filter));
        var ordering = SearchSql.orderBy(KIND, orderBy, "e.creation_time DESC, e.experiment_id ASC");
        var sql = "SELECT " + COLUMNS + " FROM mlflow_experiments e" + ordering.joins() + " WHERE e.lifecycle_stage IN ("
                + TrackingDatabase.placeholders(view.stages().size()) + ")" + where.sql() + " ORDER BY "
                + ordering.orderBy() + " OFFSET " + offset + " ROWS FETCH FIRST " + (maxResults + 1) + " ROWS ONLY";
        var rows = db.jdbc.query(sql, (rs, i) -> experiment(rs),
                TrackingDatabase.args(ordering.joinArgs(), view.stages(), where.args()));
        var response = JSON.objectNode();
        var experiments = JSON.arrayNode();
        rows.stream().limit(maxResults).forEach(experiments::add);
        withTags(rows.stream().limit(maxResults).toList());
        TrackingDatabase.putUnlessEmpty(response, "experiments", experiments);
        if (rows.size() > maxResults) {
            response.put("next_page_token", PageToken.next(offset + maxResults, query));
        }
        return response;
    }

    void rename(String id, String newName) {
        if (newName == null || newName.isEmpty()) {
            throw MlflowError.missing("new_name");
        }
        db.inTransaction(() -> {
            long experimentId = require(id, true);
            var holders = db.jdbc.queryForList("SELECT experiment_id FROM mlflow_experiments WHERE name = ?",
                    Long.class, newName);
            if (!holders.isEmpty() && holders.get(0) != experimentId) {
                throw MlflowError.alreadyExists("Experiment(name=" + newName + ") already exists.");
            }
            db.jdbc.update("UPDATE mlflow_experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?",
                    newName, System.currentTimeMillis(), experimentId);
        });
    }

    /** Deleting or restoring an experiment does the same to its runs, as MLflow's SQL store does. */
    void setLifecycle(String id, String stage) {
        db.inTransaction(() -> {
            long experimentId = require(id, false);
            if (experimentId == 0 && DELETED.equals(stage)) {
                throw MlflowError.invalidParameter("Cannot delete the default experiment '0'. This is an internally "
                        + "reserved experiment.");
            }
            db.jdbc.update("UPDATE mlflow_experiments SET lifecycle_stage = ?, last_update_time = ? "
                    + "WHERE experiment_id = ?", stage, System.currentTimeMillis(), experimentId);
            db.jdbc.update("UPDATE mlflow_runs SET lifecycle_stage = ? WHERE experiment_id = ?", stage,
                    experimentId);
        });
    }

    void setTag(String id, String key, String value) {
        TrackingDatabase.validateKey("key", key);
        TrackingDatabase.validateLength("value", value, 5000);
        long experimentId = require(id, true);
        setTag(experimentId, key, value);
    }

    private void setTag(long experimentId, String key, String value) {
        if (db.jdbc.update("UPDATE mlflow_experiment_tags SET tag_value = ? WHERE experiment_id = ? AND tag_key = ?",
                value, experimentId, key) == 0) {
            db.jdbc.update("INSERT INTO mlflow_experiment_tags (experiment_id, tag_key, tag_value) VALUES (?, ?, ?)",
                    experimentId, key, value);
        }
    }

    private Optional<ObjectNode> find(String id) {
        long experimentId;
        try {
            experimentId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        var rows = db.jdbc.query("SELECT " + COLUMNS + " FROM mlflow_experiments e WHERE e.experiment_id = ?",
                (rs, i) -> experiment(rs), experimentId);
        withTags(rows);
        return rows.stream().findFirst();
    }

    private static ObjectNode experiment(java.sql.ResultSet rs) throws java.sql.SQLException {
        return JSON.objectNode()
                .put("experiment_id", Long.toString(rs.getLong("experiment_id")))
                .put("name", rs.getString("name"))
                .put("artifact_location", rs.getString("artifact_location"))
                .put("lifecycle_stage", rs.getString("lifecycle_stage"))
                .put("last_update_time", rs.getLong("last_update_time"))
                .put("creation_time", rs.getLong("creation_time"));
    }

    private void withTags(List<ObjectNode> experiments) {
        if (experiments.isEmpty()) {
            return;
        }
        var ids = new ArrayList<Object>();
        experiments.forEach(experiment -> ids.add(Long.parseLong(experiment.get("experiment_id").asString())));
        var tags = new java.util.HashMap<String, List<String[]>>();
        db.jdbc.query("SELECT experiment_id, tag_key, tag_value FROM mlflow_experiment_tags WHERE experiment_id IN ("
                + TrackingDatabase.placeholders(ids.size()) + ") ORDER BY tag_key", rs -> {
                    tags.computeIfAbsent(Long.toString(rs.getLong(1)), key -> new ArrayList<>())
                            .add(new String[] {rs.getString(2), rs.getString(3)});
                }, ids.toArray());
        for (var experiment : experiments) {
            var own = tags.get(experiment.get("experiment_id").asString());
            if (own != null) {
                experiment.set("tags", TrackingDatabase.keyValues(own));
            }
        }
    }
}
