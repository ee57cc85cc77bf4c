package dev.converge.portal.live;

import java.util.Map;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.ReadinessCheck;
import org.springframework.stereotype.Component;

/**
 * The live hub as a component of {@code /readiness} (and of the architecture page's badges): up while it streams.
 * The number of open streams is a detail, not part of the summary, so that connections coming and going do not
 * count as a change of state that every page is told about.
 */
@Component
class LiveReadinessCheck implements ReadinessCheck {

    private final SseHub hub;

    LiveReadinessCheck(SseHub hub) {
        this.hub = hub;
    }

    @Override
    public String component() {
        return "live";
    }

    @Override
    public ComponentHealth check() {
        var details = Map.<String, Object>of("streams", hub.connections(), "lastEventId", hub.lastEventId());
        return hub.isRunning() ? ComponentHealth.up("Streaming live changes", details)
                : ComponentHealth.down("Live updates stopped", details);
    }
}
