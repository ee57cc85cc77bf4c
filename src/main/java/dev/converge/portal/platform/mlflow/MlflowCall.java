package dev.converge.portal.platform.mlflow;

import java.util.function.Supplier;

/**
 * What one call to MLflow is about: the REST path below {@code /api/2.0/mlflow/}, what a 404 means, and which request
 * field a 400 is about (given the request carried a filter, an order or a page token).
 */
record MlflowCall(String path, Supplier<MlflowNotFound> notFound, boolean hasFilter, boolean hasOrder,
                  boolean hasPageToken) {

    static MlflowCall of(String path, Supplier<MlflowNotFound> notFound) {
        return new MlflowCall(path, notFound, false, false, false);
    }

    MlflowCall searching(String filter, boolean ordered, String pageToken) {
        return new MlflowCall(path, notFound, filter != null && !filter.isBlank(), ordered,
                pageToken != null && !pageToken.isBlank());
    }

    /** The field MLflow's message is most likely about; MLflow does not name it, its message does. */
    String fieldOf(String message) {
        var text = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (hasPageToken && text.contains("token")) {
            return "pageToken";
        }
        if (hasOrder && (text.contains("order") || text.contains("sort"))) {
            return "sort";
        }
        return hasFilter ? "filter" : hasPageToken ? "pageToken" : "request";
    }
}
