package dev.converge.portal.health;

import java.util.LinkedHashMap;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Actuator's view of {@code /readiness} (contributor {@code portalReadiness}, part of the {@code readiness} probe
 * group), so Kubernetes probes on {@code /actuator/health/readiness} and {@code /readiness} agree.
 */
@Component
class PortalReadinessHealthIndicator implements HealthIndicator {

    private final ReadinessService readiness;

    PortalReadinessHealthIndicator(ReadinessService readiness) {
        this.readiness = readiness;
    }

    @Override
    public Health health() {
        var report = readiness.check();
        var details = new LinkedHashMap<String, Object>();
        report.components().forEach((name, health) -> details.put(name, health.state() + ": " + health.summary()));
        return Health.status(new Status(report.status().name())).withDetails(details).build();
    }
}
