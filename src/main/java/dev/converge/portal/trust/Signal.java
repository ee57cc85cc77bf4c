package dev.converge.portal.trust;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The five things a scorecard checks (DESIGN.md §7), in the order it shows them. */
public enum Signal {
    PROVENANCE, AVAILABILITY, QUALITY, SAFETY, COST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Signal> parse(String id) {
        return Arrays.stream(values()).filter(signal -> signal.id().equalsIgnoreCase(id == null ? "" : id.trim()))
                .findFirst();
    }
}
