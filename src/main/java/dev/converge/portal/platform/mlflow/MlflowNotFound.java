package dev.converge.portal.platform.mlflow;

import dev.converge.portal.shared.web.NotFound;

/** MLflow answered {@code RESOURCE_DOES_NOT_EXIST} for what was asked: 404, naming it. */
public final class MlflowNotFound extends NotFound {

    private MlflowNotFound(String code, Object... args) {
        super(code, args);
    }

    public static MlflowNotFound experiment(String id) {
        return new MlflowNotFound("mlflow.notFound.experiment", id);
    }

    public static MlflowNotFound run(String id) {
        return new MlflowNotFound("mlflow.notFound.run", id);
    }

    public static MlflowNotFound model(String name) {
        return new MlflowNotFound("mlflow.notFound.model", name);
    }

    public static MlflowNotFound version(String name, String version) {
        return new MlflowNotFound("mlflow.notFound.version", name, version);
    }
}
