package dev.converge.portal.health;

import java.util.Map;

import dev.converge.portal.shared.health.HealthState;

/** One backing component as the live health panel shows it: never the admin-only details. */
public record ComponentStatus(String component, HealthState state, String summary) {

    Map<String, Object> data() {
        return Map.of("component", component, "state", state.name(), "summary", summary == null ? "" : summary);
    }
}
