package dev.converge.portal.trust;

import java.util.List;
import java.util.Map;

/**
 * A namespace's scorecards at a glance (home page, layout alerts): how many, how many score full, how many are below
 * their team's minimum ({@code belowCount}) and the worst of those ({@code below}, at most {@link #ALERTS_SHOWN}:
 * a page of alerts helps nobody, the grid filtered by {@code score=below} lists them all).
 */
public record TrustSummary(String namespace, long total, long full, long belowCount, List<Scorecard> below) {

    public static final int ALERTS_SHOWN = 3;

    /** How many below the minimum the alerts do not name. */
    public long notShown() {
        return belowCount - below.size();
    }

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
                "belowCount", belowCount,
                "below", below.stream().map(card -> card.kind() + "/" + card.name()).toList());
    }
}
