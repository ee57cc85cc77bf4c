package dev.converge.portal.platform.mlflow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.ReadinessCheck;
import dev.converge.portal.shared.web.PortalException;

/**
 * {@code mlflow} in {@code /readiness}: the tracking server answers an experiment search with the portal's
 * credentials. Cached for a few seconds, and bounded by the read timeout like every MLflow call.
 */
final class MlflowReadinessCheck implements ReadinessCheck {

    private static final Duration CACHE_FOR = Duration.ofSeconds(5);

    private final MlflowGateway gateway;
    private volatile ComponentHealth cached;
    private volatile long cachedAt;

    MlflowReadinessCheck(MlflowGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public String component() {
        return "mlflow";
    }

    @Override
    public ComponentHealth check() {
        var current = cached;
        if (current != null && System.nanoTime() - cachedAt < CACHE_FOR.toNanos()) {
            return current;
        }
        ComponentHealth health;
        try {
            gateway.session().searchExperiments(null, MlflowGateway.ViewType.ACTIVE_ONLY, 1, null);
            health = ComponentHealth.up("MLflow reachable", details(null));
        } catch (MlflowUnavailable e) {
            health = ComponentHealth.down(e.getMessage(), details(e.getMessage()));
        } catch (PortalException e) {
            health = ComponentHealth.down("MLflow answered unexpectedly", details(e.toString()));
        }
        cached = health;
        cachedAt = System.nanoTime();
        return health;
    }

    /** For admins: where MLflow is; never its credentials. */
    private Map<String, Object> details(String error) {
        var details = new LinkedHashMap<String, Object>();
        details.put("trackingUri", gateway.endpoint().uri().toString());
        details.put("embedded", gateway.endpoint().isEmbedded());
        if (error != null) {
            details.put("error", error);
        }
        return details;
    }
}
