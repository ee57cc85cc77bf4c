package dev.converge.portal.health;

import dev.converge.portal.shared.health.ReadinessCheck;
import dev.converge.portal.shared.health.ComponentHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs every {@link ReadinessCheck}. Probes get a fresh report; pages get one a few seconds old at most, so rendering
 * the layout's alerts never costs a round-trip to every backend.
 */
@Service
public class ReadinessService {

    static final Duration PAGE_REPORT_MAX_AGE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ReadinessService.class);

    private final List<ReadinessCheck> checks;
    private final Clock clock;
    private volatile ReadinessReport recent;

    public ReadinessService(List<ReadinessCheck> checks, Clock clock) {
        this.checks = List.copyOf(checks);
        this.clock = clock;
    }

    public ReadinessReport check() {
        var components = new LinkedHashMap<String, ComponentHealth>();
        checks.forEach(check -> components.put(check.component(), run(check)));
        var report = ReadinessReport.of(components, clock.instant());
        recent = report;
        return report;
    }

    /** The latest report if it is fresh enough, otherwise a new one. */
    public ReadinessReport recent() {
        var report = recent;
        if (report == null || report.checkedAt().plus(PAGE_REPORT_MAX_AGE).isBefore(clock.instant())) {
            return check();
        }
        return report;
    }

    /** A check that throws is a component that is down, not a broken probe. */
    private static ComponentHealth run(ReadinessCheck check) {
        try {
            return check.check();
        } catch (RuntimeException failure) {
            log.warn("Readiness check {} failed", check.component(), failure);
            return ComponentHealth.down(check.component() + " check failed",
                    Map.of("error", failure.getClass().getSimpleName()));
        }
    }
}
