package dev.converge.portal.sandbox.mlflow;

import static dev.converge.portal.sandbox.mlflow.TrackingDatabase.JSON;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.converge.portal.sandbox.mlflow.SearchSql.Attribute;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The model registry: {@code registered-models/*} and {@code model-versions/*} of MLflow's REST API. */
final class RegistryStore {

    static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");

    private static final SearchSql.Kind MODELS = new SearchSql.Kind(Map.of(
            "name", Attribute.text("m.name"),
            "creation_timestamp", Attribute.number("m.creation_timestamp"),
            "last_updated_timestamp", Attribute.number("m.last_updated_timestamp")),
            "mlflow_registered_model_tags", "%s.name = m.name", null);
    private static final SearchSql.Kind VERSIONS = new SearchSql.Kind(Map.of(
            "name", Attribute.text("v.name"),
            "run_id", Attribute.id("v.run_id"),
            "source_path", Attribute.text("v.source"),
            "version_number", Attribute.number("v.version"),
            "creation_timestamp", Attribute.number("v.creation_timestamp"),
            "last_updated_timestamp", Attribute.number("v.last_updated_timestamp")),
            "mlflow_model_version_tags", "%1$s.name = v.name AND %1$s.version = v.version", null);
    private static final String VERSION_COLUMNS = "v.name, v.version, v.description, v.user_id, "
            + "v.creation_timestamp, v.last_updated_timestamp, v.current_stage, v.source, v.run_id, v.run_link, "
            + "v.status";

    private final TrackingDatabase db;

    RegistryStore(TrackingDatabase db) {
        this.db = db;
    }

    ObjectNode createModel(String name, String description, List<TrackingRequest> tags) {
        validateName(name);
        return db.inTransaction(() -> {
            if (exists(name)) {
                throw MlflowError.alreadyExists("Registered Model (name=" + name + ") already exists.");
            }
            long now = System.currentTimeMillis();
            db.jdbc.update("INSERT INTO mlflow_registered_models (name, description, user_id, creation_timestamp, "
                    + "last_updated_timestamp, last_version) VALUES (?, ?, NULL, ?, ?, 0)", name, description, now,
                    now);
            for (var tag : tags) {
                var key = tag.required("key");
                TrackingDatabase.validateKey("key", key);
                db.jdbc.update("INSERT INTO mlflow_registered_model_tags (name, tag_key, tag_value) VALUES (?, ?, ?)",
                        name, key, tag.text("value").orElse(""));
            }
            return JSON.objectNode().set("registered_model", model(name));
        });
    }

    ObjectNode getModel(String name) {
        validateName(name);
        return JSON.objectNode().set("registered_model", model(name));
    }

    ObjectNode updateModel(String name, String description) {
        validateName(name);
        requireModel(name);
        db.jdbc.update("UPDATE mlflow_registered_models SET description = ?, last_updated_timestamp = ? WHERE name = ?",
                description, System.currentTimeMillis(), name);
        return getModel(name);
    }

    void deleteModel(String name) {
        validateName(name);
        db.inTransaction(() -> {
            requireModel(name);
            db.jdbc.update("DELETE FROM mlflow_model_aliases WHERE name = ?", name);
            db.jdbc.update("DELETE FROM mlflow_model_version_tags WHERE name = ?", name);
            db.jdbc.update("DELETE FROM mlflow_model_versions WHERE name = ?", name);
            db.jdbc.update("DELETE FROM mlflow_registered_model_tags WHERE name = ?", name);
            db.jdbc.update("DELETE FROM mlflow_registered_models WHERE name = ?", name);
        });
    }

    ObjectNode searchModels(TrackingRequest request) {
        int maxResults = request.maxResults(100, 1000);
        var filter = request.text("filter").orElse("");
        var orderBy = request.strings("order_by");
        var query = "models|" + filter + "|" + orderBy;
        int offset = PageToken.offset(request.text("page_token"), query);
        var where = SearchSql.where(MODELS, SearchFilter.parse(filter));
        var ordering = SearchSql.orderBy(MODELS, orderBy, "m.name ASC");
        var names = db.jdbc.queryForList("SELECT m.name FROM mlflow_registered_models m" + ordering.joins()
                + " WHERE 1 = 1" + where.sql() + " ORDER BY " + ordering.orderBy() + " OFFSET " + offset
                + " ROWS FETCH FIRST " + (maxResults + 1) + " ROWS ONLY", String.class,
                TrackingDatabase.args(ordering.joinArgs(), where.args()));
        var models = JSON.arrayNode();
        names.stream().limit(maxResults).forEach(name -> models.add(model(name)));
        var response = JSON.objectNode();
        TrackingDatabase.putUnlessEmpty(response, "registered_models", models);
        if (names.size() > maxResults) {
            response.put("next_page_token", PageToken.next(offset + maxResults, query));
        }
        return response;
    }

    void setAlias(String name, String alias, String version) {
        validateName(name);
        validateNewAlias(alias);
        db.inTransaction(() -> {
            int number = requireVersion(name, version);
            if (db.jdbc.update("UPDATE mlflow_model_aliases SET version = ? WHERE name = ? AND alias = ?", number, name,
                    alias) == 0) {
                db.jdbc.update("INSERT INTO mlflow_model_aliases (name, alias, version) VALUES (?, ?, ?)", name, alias,
                        number);
            }
        });
    }

    void deleteAlias(String name, String alias) {
        validateName(name);
        validateAlias(alias);
        requireModel(name);
        db.jdbc.update("DELETE FROM mlflow_model_aliases WHERE name = ? AND alias = ?", name, alias);
    }

    ObjectNode versionByAlias(String name, String alias) {
        validateName(name);
        validateAlias(alias);
        requireModel(name);
        var versions = db.jdbc.queryForList("SELECT version FROM mlflow_model_aliases WHERE name = ? AND alias = ?",
                Integer.class, name, alias);
        if (versions.isEmpty()) {
            throw MlflowError.invalidParameter("Registered model alias " + alias + " not found.");
        }
        return JSON.objectNode().set("model_version", version(name, versions.get(0)));
    }

    ObjectNode createVersion(TrackingRequest request) {
        var name = request.required("name");
        var source = request.required("source");
        TrackingDatabase.validateLength("source", source, 1000);
        return db.inTransaction(() -> {
            requireModel(name);
            int number = db.jdbc.queryForObject("SELECT last_version FROM mlflow_registered_models WHERE name = ?",
                    Integer.class, name) + 1;
            long now = System.currentTimeMillis();
            db.jdbc.update("UPDATE mlflow_registered_models SET last_version = ?, last_updated_timestamp = ? "
                    + "WHERE name = ?", number, now, name);
            db.jdbc.update("INSERT INTO mlflow_model_versions (name, version, description, user_id, "
                    + "creation_timestamp, last_updated_timestamp, current_stage, source, run_id, run_link, status) "
                    + "VALUES (?, ?, ?, NULL, ?, ?, 'None', ?, ?, ?, 'READY')", name, number,
                    request.text("description").orElse(null), now, now, source,
                    request.text("run_id").filter(id -> !id.isEmpty()).orElse(null),
                    request.text("run_link").filter(link -> !link.isEmpty()).orElse(null));
            for (var tag : request.objects("tags")) {
                var key = tag.required("key");
                TrackingDatabase.validateKey("key", key);
                db.jdbc.update("INSERT INTO mlflow_model_version_tags (name, version, tag_key, tag_value) "
                        + "VALUES (?, ?, ?, ?)", name, number, key, tag.text("value").orElse(""));
            }
            return JSON.objectNode().set("model_version", version(name, number));
        });
    }

    ObjectNode getVersion(String name, String version) {
        validateName(name);
        return JSON.objectNode().set("model_version", version(name, requireVersion(name, version)));
    }

    ObjectNode updateVersion(String name, String version, String description) {
        validateName(name);
        int number = requireVersion(name, version);
        db.jdbc.update("UPDATE mlflow_model_versions SET description = ?, last_updated_timestamp = ? "
                + "WHERE name = ? AND version = ?", description, System.currentTimeMillis(), name, number);
        return getVersion(name, version);
    }

    /** Removes the version and the aliases that pointed at it; its number is not given out again. */
    void deleteVersion(String name, String version) {
        validateName(name);
        db.inTransaction(() -> {
            int number = requireVersion(name, version);
            db.jdbc.update("DELETE FROM mlflow_model_aliases WHERE name = ? AND version = ?", name, number);
            db.jdbc.update("DELETE FROM mlflow_model_version_tags WHERE name = ? AND version = ?", name, number);
            db.jdbc.update("DELETE FROM mlflow_model_versions WHERE name = ? AND version = ?", name, number);
        });
    }

    ObjectNode searchVersions(TrackingRequest request) {
        int maxResults = request.maxResults(10_000, 200_000);
        var filter = request.text("filter").orElse("");
        var orderBy = request.strings("order_by");
        var query = "versions|" + filter + "|" + orderBy;
        int offset = PageToken.offset(request.text("page_token"), query);
        var where = SearchSql.where(VERSIONS, SearchFilter.parse(filter));
        var ordering = SearchSql.orderBy(VERSIONS, orderBy, "v.name ASC, v.version DESC");
        var rows = db.jdbc.query("SELECT " + VERSION_COLUMNS + " FROM mlflow_model_versions v" + ordering.joins()
                + " WHERE 1 = 1" + where.sql() + " ORDER BY " + ordering.orderBy() + " OFFSET " + offset
                + " ROWS FETCH FIRST " + (maxResults + 1) + " ROWS ONLY", (rs, i) -> versionRow(rs),
                TrackingDatabase.args(ordering.joinArgs(), where.args()));
        var page = rows.stream().limit(maxResults).toList();
        decorate(page);
        var versions = JSON.arrayNode();
        page.forEach(versions::add);
        var response = JSON.objectNode();
        TrackingDatabase.putUnlessEmpty(response, "model_versions", versions);
        if (rows.size() > maxResults) {
            response.put("next_page_token", PageToken.next(offset + maxResults, query));
        }
        return response;
    }

    /** The highest version in each of {@code stages} (all stages when empty). */
    ObjectNode latestVersions(String name, List<String> stages) {
        validateName(name);
        requireModel(name);
        for (var stage : stages) {
            if (STAGES.stream().noneMatch(known -> known.equalsIgnoreCase(stage))) {
                throw MlflowError.invalidParameter("Invalid Model Version stage: " + stage + ". Value must be one of "
                        + String.join(", ", STAGES) + ".");
            }
        }
        var response = JSON.objectNode();
        TrackingDatabase.putUnlessEmpty(response, "model_versions", latest(name, stages));
        return response;
    }

    ObjectNode downloadUri(String name, String version) {
        var source = getVersion(name, version).get("model_version").get("source").asString();
        return JSON.objectNode().put("artifact_uri", source);
    }

    private ArrayNode latest(String name, List<String> stages) {
        var rows = db.jdbc.query("SELECT " + VERSION_COLUMNS + " FROM mlflow_model_versions v WHERE v.name = ? "
                + "AND v.version = (SELECT MAX(w.version) FROM mlflow_model_versions w WHERE w.name = v.name "
                + "AND w.current_stage = v.current_stage) ORDER BY v.version", (rs, i) -> versionRow(rs), name);
        var wanted = stages.stream().map(stage -> stage.toLowerCase(java.util.Locale.ROOT)).toList();
        var chosen = rows.stream().filter(row -> wanted.isEmpty()
                || wanted.contains(row.get("current_stage").asString().toLowerCase(java.util.Locale.ROOT))).toList();
        decorate(chosen);
        var array = JSON.arrayNode();
        chosen.forEach(array::add);
        return array;
    }

    private ObjectNode model(String name) {
        var rows = db.jdbc.query("SELECT name, description, user_id, creation_timestamp, last_updated_timestamp FROM "
                + "mlflow_registered_models WHERE name = ?", (rs, i) -> {
                    var model = JSON.objectNode().put("name", rs.getString("name"))
                            .put("creation_timestamp", rs.getLong("creation_timestamp"))
                            .put("last_updated_timestamp", rs.getLong("last_updated_timestamp"));
                    if (rs.getString("description") != null) {
                        model.put("description", rs.getString("description"));
                    }
                    return model;
                }, name);
        if (rows.isEmpty()) {
            throw modelNotFound(name);
        }
        var model = rows.get(0);
        TrackingDatabase.putUnlessEmpty(model, "latest_versions", latest(name, List.of()));
        TrackingDatabase.putUnlessEmpty(model, "tags", TrackingDatabase.keyValues(db.jdbc.query(
                "SELECT tag_key, tag_value FROM mlflow_registered_model_tags WHERE name = ? ORDER BY tag_key",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, name)));
        var aliases = JSON.arrayNode();
        db.jdbc.query("SELECT alias, version FROM mlflow_model_aliases WHERE name = ? ORDER BY alias", rs -> {
            aliases.add(JSON.objectNode().put("alias", rs.getString(1)).put("version", Integer.toString(rs.getInt(2))));
        }, name);
        TrackingDatabase.putUnlessEmpty(model, "aliases", aliases);
        return model;
    }

    private ObjectNode version(String name, int number) {
        var rows = db.jdbc.query("SELECT " + VERSION_COLUMNS + " FROM mlflow_model_versions v WHERE v.name = ? "
                + "AND v.version = ?", (rs, i) -> versionRow(rs), name, number);
        if (rows.isEmpty()) {
            throw versionNotFound(name, Integer.toString(number));
        }
        decorate(rows);
        return rows.get(0);
    }

    private static ObjectNode versionRow(ResultSet rs) throws SQLException {
        var version = JSON.objectNode().put("name", rs.getString("name"))
                .put("version", Integer.toString(rs.getInt("version")))
                .put("creation_timestamp", rs.getLong("creation_timestamp"))
                .put("last_updated_timestamp", rs.getLong("last_updated_timestamp"))
                .put("current_stage", rs.getString("current_stage"));
        putIfPresent(version, "description", rs.getString("description"));
        putIfPresent(version, "user_id", rs.getString("user_id"));
        putIfPresent(version, "source", rs.getString("source"));
        putIfPresent(version, "run_id", rs.getString("run_id"));
        putIfPresent(version, "run_link", rs.getString("run_link"));
        return version.put("status", rs.getString("status"));
    }

    /** Adds each version's tags and aliases. */
    private void decorate(List<ObjectNode> versions) {
        if (versions.isEmpty()) {
            return;
        }
        var names = versions.stream().map(version -> version.get("name").asString()).distinct().toList();
        var in = " WHERE name IN (" + TrackingDatabase.placeholders(names.size()) + ")";
        var tags = new HashMap<String, List<String[]>>();
        db.jdbc.query("SELECT name, version, tag_key, tag_value FROM mlflow_model_version_tags" + in
                + " ORDER BY tag_key", rs -> {
                    tags.computeIfAbsent(rs.getString(1) + "\n" + rs.getInt(2), key -> new ArrayList<>())
                            .add(new String[] {rs.getString(3), rs.getString(4)});
                }, names.toArray());
        var aliases = new HashMap<String, List<String>>();
        db.jdbc.query("SELECT name, version, alias FROM mlflow_model_aliases" + in + " ORDER BY alias", rs -> {
            aliases.computeIfAbsent(rs.getString(1) + "\n" + rs.getInt(2), key -> new ArrayList<>())
                    .add(rs.getString(3));
        }, names.toArray());
        for (var version : versions) {
            var key = version.get("name").asString() + "\n" + version.get("version").asString();
            TrackingDatabase.putUnlessEmpty(version, "tags",
                    TrackingDatabase.keyValues(tags.getOrDefault(key, List.of())));
            var own = JSON.arrayNode();
            aliases.getOrDefault(key, List.of()).forEach(own::add);
            TrackingDatabase.putUnlessEmpty(version, "aliases", own);
        }
    }

    private int requireVersion(String name, String version) {
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw MlflowError.invalidParameter("Parameter 'version' must be an integer, got '" + version + "'.");
        }
        requireModel(name);
        if (db.jdbc.queryForList("SELECT 1 FROM mlflow_model_versions WHERE name = ? AND version = ?", Integer.class,
                name, number).isEmpty()) {
            throw versionNotFound(name, version);
        }
        return number;
    }

    private void requireModel(String name) {
        if (!exists(name)) {
            throw modelNotFound(name);
        }
    }

    private boolean exists(String name) {
        return !db.jdbc.queryForList("SELECT 1 FROM mlflow_registered_models WHERE name = ?", Integer.class, name)
                .isEmpty();
    }

    private static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw MlflowError.missing("name");
        }
        TrackingDatabase.validateLength("name", name, 256);
    }

    private static final Set<String> RESERVED_ALIASES = Set.of("latest");

    private static void validateAlias(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw MlflowError.missing("alias");
        }
        TrackingDatabase.validateLength("alias", alias, 256);
    }

    /** MLflow keeps {@code latest} and {@code v<n>} for itself. */
    private static void validateNewAlias(String alias) {
        validateAlias(alias);
        if (RESERVED_ALIASES.contains(alias.toLowerCase(java.util.Locale.ROOT)) || alias.matches("(?i)v\\d+")) {
            throw MlflowError.invalidParameter("'" + alias + "' alias name (case insensitive) is reserved.");
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static MlflowError modelNotFound(String name) {
        return MlflowError.notFound("Registered Model with name=" + name + " not found");
    }

    private static MlflowError versionNotFound(String name, String version) {
        return MlflowError.notFound("Model Version (name=" + name + ", version=" + version + ") not found");
    }
}
