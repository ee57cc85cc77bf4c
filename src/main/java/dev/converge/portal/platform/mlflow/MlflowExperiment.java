package dev.converge.portal.platform.mlflow;

import java.time.Instant;
import java.util.Map;

/** An experiment as MLflow describes it; {@code lifecycleStage} is {@code active} or {@code deleted}. */
public record MlflowExperiment(String id, String name, String artifactLocation, String lifecycleStage,
                               Instant createdAt, Instant updatedAt, Map<String, String> tags) {

    public MlflowExperiment {
        tags = Map.copyOf(tags);
    }
}
