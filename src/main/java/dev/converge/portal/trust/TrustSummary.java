package dev.converge.portal.trust;

import java.util.List;
import java.util.Map;

/**
 * A namespace's scorecards at a glance (home page, layout alerts): how many, how many score full, and the ones
 * below their team's minimum.
 */
public record TrustSummary(String namespace, long total, long full, List<Scorecard> below) {

    public TrustSummary {
        below = List.copyOf(below);
    }

    public String eventName() {
        return "trust-summary-" + namespace;
    }

    public String alertEventName() {
        return "trust-alerts-" + namespace;
    }

    Map<String, Object> data() {
        return Map.of("namespace", namespace, "total", total, "full", full,
                "below", below.stream().map(card -> card.kind() + "/" + card.name()).toList());
    }
}
