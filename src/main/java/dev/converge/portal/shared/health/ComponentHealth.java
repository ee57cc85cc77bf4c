package dev.converge.portal.shared.health;

import java.util.Map;

/**
 * The state of one backing component. {@code summary} is a plain sentence safe for any signed-in user (for example
 * "Kubernetes unreachable"); {@code details} are shown to admins only.
 */
public record ComponentHealth(HealthState state, String summary, Map<String, Object> details) {

    public ComponentHealth {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ComponentHealth up(String summary, Map<String, Object> details) {
        return new ComponentHealth(HealthState.UP, summary, details);
    }

    public static ComponentHealth down(String summary, Map<String, Object> details) {
        return new ComponentHealth(HealthState.DOWN, summary, details);
    }

    public boolean isUp() {
        return state == HealthState.UP;
    }
}
