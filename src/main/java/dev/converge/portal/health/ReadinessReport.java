package dev.converge.portal.health;

import dev.converge.portal.shared.health.HealthState;
import dev.converge.portal.shared.health.ComponentHealth;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every component's health at one moment, and the overall status derived from them. */
public record ReadinessReport(HealthState status, Map<String, ComponentHealth> components, Instant checkedAt) {

    public ReadinessReport {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** DOWN if any component is down, else OUT_OF_SERVICE if any is, else UP (also when nothing is checked). */
    public static ReadinessReport of(Map<String, ComponentHealth> components, Instant checkedAt) {
        var states = components.values().stream().map(ComponentHealth::state).toList();
        var status = states.contains(HealthState.DOWN) ? HealthState.DOWN
                : states.contains(HealthState.OUT_OF_SERVICE) ? HealthState.OUT_OF_SERVICE
                : HealthState.UP;
        return new ReadinessReport(status, components, checkedAt);
    }

    public boolean isUp() {
        return status == HealthState.UP;
    }

    /** The summaries of the components that are down, e.g. "Kubernetes unreachable", for the layout's alerts. */
    public List<String> downSummaries() {
        return components.values().stream()
                .filter(health -> health.state() == HealthState.DOWN)
                .map(ComponentHealth::summary)
                .toList();
    }
}
