package dev.converge.portal.sandbox.mlflow;

import static dev.converge.portal.sandbox.mlflow.TrackingDatabase.JSON;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.node.ObjectNode;

/**
 * The REST subset of MLflow's tracking server that {@code mlflow-client} and MLflow's Python client use, by path
 * below {@code /api/2.0/mlflow/} and HTTP method, as MLflow's REST API documentation lists them.
 */
final class TrackingApi {

    private final Map<String, Map<String, Function<TrackingRequest, ObjectNode>>> routes = new HashMap<>();

    TrackingApi(ExperimentStore experiments, RunStore runs, RegistryStore registry) {
        var empty = JSON.objectNode();
        // experiments
        route("POST", "experiments/create", request -> JSON.objectNode().put("experiment_id", experiments.create(
                request.text("name").orElse(null), request.text("artifact_location").orElse(null),
                request.objects("tags"))));
        route("GET", "experiments/get", request -> JSON.objectNode().set("experiment",
                experiments.get(request.required("experiment_id"))));
        route("GET", "experiments/get-by-name", request -> JSON.objectNode().set("experiment",
                experiments.getByName(request.required("experiment_name"))));
        route("POST,GET", "experiments/search", experiments::search);
        route("POST", "experiments/update", request -> {
            experiments.rename(request.required("experiment_id"), request.text("new_name").orElse(null));
            return empty;
        });
        route("POST", "experiments/delete", request -> {
            experiments.setLifecycle(request.required("experiment_id"), ExperimentStore.DELETED);
            return empty;
        });
        route("POST", "experiments/restore", request -> {
            experiments.setLifecycle(request.required("experiment_id"), ExperimentStore.ACTIVE);
            return empty;
        });
        route("POST", "experiments/set-experiment-tag", request -> {
            experiments.setTag(request.required("experiment_id"), request.required("key"),
                    request.text("value").orElse(""));
            return empty;
        });
        // runs
        route("POST", "runs/create", runs::create);
        route("GET", "runs/get", request -> runs.get(request.runId()));
        route("POST", "runs/update", runs::update);
        route("POST", "runs/delete", request -> {
            runs.setLifecycle(request.runId(), ExperimentStore.DELETED);
            return empty;
        });
        route("POST", "runs/restore", request -> {
            runs.setLifecycle(request.runId(), ExperimentStore.ACTIVE);
            return empty;
        });
        route("POST,GET", "runs/search", runs::search);
        route("POST", "runs/log-metric", request -> {
            runs.logMetric(request.runId(), request.required("key"),
                    request.doubleValue("value").orElseThrow(() -> MlflowError.missing("value")),
                    request.longValue("timestamp").orElseThrow(() -> MlflowError.missing("timestamp")),
                    request.longValue("step").orElse(0L));
            return empty;
        });
        route("POST", "runs/log-parameter", request -> {
            runs.logParam(request.runId(), request.required("key"), request.text("value").orElse(""));
            return empty;
        });
        route("POST", "runs/set-tag", request -> {
            runs.setTag(request.runId(), request.required("key"), request.text("value").orElse(""));
            return empty;
        });
        route("POST", "runs/delete-tag", request -> {
            runs.deleteTag(request.required("run_id"), request.required("key"));
            return empty;
        });
        route("POST", "runs/log-batch", request -> {
            runs.logBatch(request.runId(), request.objects("metrics"), request.objects("params"),
                    request.objects("tags"));
            return empty;
        });
        // datasets and logged-model records are accepted (the Python client sends them) but not kept
        route("POST", "runs/log-inputs", request -> {
            runs.get(request.runId());
            return empty;
        });
        route("POST", "runs/log-model", request -> {
            runs.get(request.runId());
            return empty;
        });
        route("GET", "metrics/get-history", runs::history);
        route("GET", "artifacts/list", request -> JSON.objectNode().put("root_uri",
                runs.get(request.runId()).get("run").get("info").get("artifact_uri").asString()));
        // registered models
        route("POST", "registered-models/create", request -> registry.createModel(request.required("name"),
                request.text("description").orElse(null), request.objects("tags")));
        route("GET", "registered-models/get", request -> registry.getModel(request.required("name")));
        route("GET,POST", "registered-models/search", registry::searchModels);
        route("PATCH", "registered-models/update", request -> registry.updateModel(request.required("name"),
                request.text("description").orElse(null)));
        route("DELETE", "registered-models/delete", request -> {
            registry.deleteModel(request.required("name"));
            return empty;
        });
        route("POST,GET", "registered-models/get-latest-versions", request -> registry.latestVersions(
                request.required("name"), request.strings("stages")));
        route("POST", "registered-models/alias", request -> {
            registry.setAlias(request.required("name"), request.required("alias"), request.required("version"));
            return empty;
        });
        route("DELETE", "registered-models/alias", request -> {
            registry.deleteAlias(request.required("name"), request.required("alias"));
            return empty;
        });
        route("GET", "registered-models/alias", request -> registry.versionByAlias(request.required("name"),
                request.required("alias")));
        // model versions
        route("POST", "model-versions/create", registry::createVersion);
        route("GET", "model-versions/get", request -> registry.getVersion(request.required("name"),
                request.required("version")));
        route("GET,POST", "model-versions/search", registry::searchVersions);
        route("PATCH", "model-versions/update", request -> registry.updateVersion(request.required("name"),
                request.required("version"), request.text("description").orElse(null)));
        route("DELETE", "model-versions/delete", request -> {
            registry.deleteVersion(request.required("name"), request.required("version"));
            return empty;
        });
        route("GET", "model-versions/get-download-uri", request -> registry.downloadUri(request.required("name"),
                request.required("version")));
    }

    /** Whether {@code path} is an endpoint at all, whatever the method. */
    boolean knows(String path) {
        return routes.containsKey(path);
    }

    /** Answers the call; throws {@link MlflowError} with MLflow's code for anything MLflow refuses. */
    ObjectNode call(String method, String path, TrackingRequest request) {
        var byMethod = routes.get(path);
        if (byMethod == null) {
            throw MlflowError.endpointNotFound("No API endpoint /api/2.0/mlflow/" + path);
        }
        var handler = byMethod.get(method);
        if (handler == null) {
            throw new MethodNotAllowed(byMethod.keySet());
        }
        return handler.apply(request);
    }

    /** The endpoint exists but not for this method: MLflow (Flask) answers 405 with the allowed methods. */
    static final class MethodNotAllowed extends RuntimeException {
        final java.util.Set<String> allowed;

        MethodNotAllowed(java.util.Set<String> allowed) {
            super("The method is not allowed for the requested URL.");
            this.allowed = allowed;
        }
    }

    private void route(String methods, String path, Function<TrackingRequest, ObjectNode> handler) {
        for (var method : methods.split(",")) {
            routes.computeIfAbsent(path, key -> new HashMap<>()).put(method, handler);
        }
    }
}
