package dev.converge.portal.platform.mlflow;

import java.util.Map;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/**
 * MLflow cannot answer now: not configured, unreachable, too slow, refusing the portal's credentials, or failing.
 * Answers 503 in words; retrying later may succeed. {@link #getMessage()} is the English sentence for logs and the
 * readiness summary (never a credential).
 */
public final class MlflowUnavailable extends PortalException {

    private final String english;

    private MlflowUnavailable(String english, String code, Object... args) {
        super(HttpStatus.SERVICE_UNAVAILABLE, Map.of(), code, args);
        this.english = english;
    }

    public static MlflowUnavailable notConfigured() {
        return new MlflowUnavailable("MLflow is not configured", "mlflow.error.notConfigured");
    }

    public static MlflowUnavailable unreachable(String uri) {
        return new MlflowUnavailable("MLflow unreachable at " + uri, "mlflow.error.unreachable", uri);
    }

    public static MlflowUnavailable slow(long millis) {
        return new MlflowUnavailable("MLflow did not answer within " + millis + " ms", "mlflow.error.slow", millis);
    }

    /**
     * The duration order of an experiment (which MLflow cannot sort by, so the portal reads every run's start and end)
     * could not be read within its budget.
     */
    public static MlflowUnavailable durationOrderTooSlow(int runsRead, long budgetSeconds) {
        return new MlflowUnavailable("MLflow did not list the experiment's runs for the duration order within "
                + budgetSeconds + " s (" + runsRead + " runs read)", "mlflow.error.sort.durationSlow", budgetSeconds,
                runsRead);
    }

    /** 401 or 403: the portal's token or password is missing, wrong or lacks permission. */
    public static MlflowUnavailable refused(int status) {
        return new MlflowUnavailable("MLflow refused the portal's credentials (HTTP " + status + ")",
                "mlflow.error.refused", status);
    }

    public static MlflowUnavailable failed(int status, String errorCode) {
        return new MlflowUnavailable("MLflow failed (HTTP " + status + " " + errorCode + ")", "mlflow.error.failed",
                status, errorCode);
    }

    @Override
    public String getMessage() {
        return english;
    }
}
