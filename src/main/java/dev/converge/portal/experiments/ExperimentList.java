package dev.converge.portal.experiments;

import java.util.List;

import dev.converge.portal.platform.mlflow.MlflowExperiment;

/** A page of experiments and the search that found them; {@code nextPageToken} is null on the last page. */
public record ExperimentList(List<MlflowExperiment> items, String q, String lifecycle, String nextPageToken) {

    public static final List<String> LIFECYCLES = List.of("active", "deleted", "all");

    public ExperimentList {
        items = List.copyOf(items);
    }
}
