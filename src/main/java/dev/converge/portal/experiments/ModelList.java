package dev.converge.portal.experiments;

import java.util.List;

import dev.converge.portal.platform.mlflow.MlflowModel;

/** A page of registered models and the search that found them. */
public record ModelList(List<MlflowModel> items, String q, String nextPageToken) {

    public ModelList {
        items = List.copyOf(items);
    }
}
