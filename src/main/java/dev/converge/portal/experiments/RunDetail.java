package dev.converge.portal.experiments;

import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.mlflow.ArtifactEntry;
import dev.converge.portal.platform.mlflow.MetricPoint;
import dev.converge.portal.platform.mlflow.MlflowExperiment;
import dev.converge.portal.platform.mlflow.MlflowRun;

/**
 * A run with its experiment, top-level artifacts and each metric's history (metric key → points in step order).
 * {@code deployment} is the {@code <namespace>/<name>} the run's {@code converge.dev/deployment} tag names, or null.
 */
public record RunDetail(MlflowRun run, MlflowExperiment experiment, List<ArtifactEntry> artifacts,
                        Map<String, List<MetricPoint>> histories, DeploymentLink deployment) {

    public RunDetail {
        artifacts = List.copyOf(artifacts);
        histories = Map.copyOf(histories);
    }

    public String duration(java.time.Instant now) {
        return RunTable.words(run.duration(now));
    }
}
