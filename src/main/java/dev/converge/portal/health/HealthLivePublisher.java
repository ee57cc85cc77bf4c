package dev.converge.portal.health;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveEventPublisher;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.shared.health.HealthState;
import dev.converge.portal.shared.health.ReadinessCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Compares the readiness checks every {@code portal.sse.health-interval} and publishes {@code health-status} (from
 * {@code health/live}) to everyone when a component's state or summary changed. Summaries are safe for any signed-in
 * user; details never leave {@code /readiness}.
 */
@Component
public class HealthLivePublisher implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(HealthLivePublisher.class);

    private final ObjectProvider<ReadinessCheck> checks;
    private final LiveEventPublisher events;
    private final LiveFragments fragments;
    private final LiveScheduler scheduler;
    private final PortalProperties properties;
    private volatile List<ComponentStatus> last = List.of();

    HealthLivePublisher(ObjectProvider<ReadinessCheck> checks, LiveEventPublisher events,
                               LiveFragments fragments, LiveScheduler scheduler, PortalProperties properties) {
        this.checks = checks;
        this.events = events;
        this.fragments = fragments;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler.every(properties.sse().healthInterval(), this::compare);
    }

    /**
     * The components as last compared, for the first render of a page; checked now if no comparison ran yet (a page
     * opened right after start would otherwise say that no component reported until the first interval passed).
     */
    public List<ComponentStatus> current() {
        if (last.isEmpty()) {
            compare();
        }
        return last;
    }

    /** Checks now and publishes if anything changed since the last comparison. */
    void compare() {
        var now = checks.orderedStream().map(HealthLivePublisher::status)
                .sorted(Comparator.comparing(ComponentStatus::component)).toList();
        if (now.equals(last)) {
            return;
        }
        last = now;
        var html = fragments.render("health/live", "health-status", Map.of("components", now));
        events.publish(LiveEvent.global(LiveTopic.HEALTH, "health-status", html,
                Map.of("components", now.stream().map(ComponentStatus::data).toList())));
    }

    private static ComponentStatus status(ReadinessCheck check) {
        try {
            var health = check.check();
            return new ComponentStatus(check.component(), health.state(), health.summary());
        }
        catch (RuntimeException ex) {
            log.warn("Readiness check {} failed: {}", check.component(), ex.toString());
            return new ComponentStatus(check.component(), HealthState.DOWN, "Check failed");
        }
    }
}
