package dev.converge.portal.experiments;

import java.util.List;

import dev.converge.portal.deployments.DeploymentSummary;
import dev.converge.portal.platform.mlflow.MlflowModelVersion;

/**
 * A model version and where it runs: the deployments (that the reader may see) annotated
 * {@code converge.dev/mlflow-model=<name>/<version>}. {@code modelUri} is what "Deploy this version" prefills
 * (the source when it is in object storage, else null).
 */
public record VersionDetail(MlflowModelVersion version, List<DeploymentSummary> deployments, String modelUri) {

    public VersionDetail {
        deployments = List.copyOf(deployments);
    }
}
