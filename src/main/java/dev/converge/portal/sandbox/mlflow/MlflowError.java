package dev.converge.portal.sandbox.mlflow;

/**
 * An error MLflow's REST API answers with: {@code {"error_code": ..., "message": ...}} and the HTTP status MLflow
 * maps that code to (its {@code ERROR_CODE_TO_HTTP_STATUS}).
 */
final class MlflowError extends RuntimeException {

    private final String errorCode;
    private final int httpStatus;

    private MlflowError(String errorCode, int httpStatus, String message) {
        super(message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    static MlflowError invalidParameter(String message) {
        return new MlflowError("INVALID_PARAMETER_VALUE", 400, message);
    }

    static MlflowError notFound(String message) {
        return new MlflowError("RESOURCE_DOES_NOT_EXIST", 404, message);
    }

    /** MLflow answers an existing name with 400, not 409. */
    static MlflowError alreadyExists(String message) {
        return new MlflowError("RESOURCE_ALREADY_EXISTS", 400, message);
    }

    static MlflowError endpointNotFound(String message) {
        return new MlflowError("ENDPOINT_NOT_FOUND", 404, message);
    }

    static MlflowError badRequest(String message) {
        return new MlflowError("BAD_REQUEST", 400, message);
    }

    static MlflowError internal(String message) {
        return new MlflowError("INTERNAL_ERROR", 500, message);
    }

    static MlflowError missing(String parameter) {
        return invalidParameter("Missing value for required parameter '" + parameter
                + "'. See the API docs for more information about request parameters.");
    }

    String errorCode() {
        return errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }
}
