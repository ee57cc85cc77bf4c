package dev.converge.portal.platform.mlflow;

import java.util.Map;

import dev.converge.portal.shared.web.InvalidInput;

/**
 * MLflow refused part of the request ({@code INVALID_PARAMETER_VALUE}, {@code BAD_REQUEST}, …): a malformed filter,
 * an unknown sort key, a page token it cannot read. 400, with MLflow's own message beside the field it is about.
 */
public final class MlflowRejected extends InvalidInput {

    private final String field;
    private final String mlflowMessage;

    public MlflowRejected(String field, String mlflowMessage) {
        super(Map.of(field, mlflowMessage), "mlflow.error.rejected");
        this.field = field;
        this.mlflowMessage = mlflowMessage;
    }

    /** The request field MLflow refused: {@code filter}, {@code sort} or {@code pageToken}. */
    public String field() {
        return field;
    }

    public String mlflowMessage() {
        return mlflowMessage;
    }
}
