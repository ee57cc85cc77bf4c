package dev.converge.portal.experiments;

import java.util.List;

import dev.converge.portal.platform.mlflow.MlflowModel;
import dev.converge.portal.platform.mlflow.MlflowModelVersion;

/** A registered model with one page of its versions (newest first) and its latest version per stage. */
public record ModelDetail(MlflowModel model, List<MlflowModelVersion> versions, List<MlflowModelVersion> latest,
                          String nextPageToken) {

    public ModelDetail {
        versions = List.copyOf(versions);
        latest = List.copyOf(latest);
    }
}
