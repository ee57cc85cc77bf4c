package dev.converge.portal.shared.health;

/**
 * One backing component that {@code /readiness} reports on (database, kubernetes, objectStorage, mlflow, ...).
 * Implementations must be cheap and never block for long: they run on every readiness probe.
 */
public interface ReadinessCheck {

    /** The JSON key of this component in {@code /readiness}, e.g. {@code "kubernetes"}. */
    String component();

    ComponentHealth check();
}
