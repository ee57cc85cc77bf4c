package dev.converge.portal.builds;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A build's status is its pod's phase (DESIGN.md §4), except {@link #CANCELLED}: a build someone cancelled, told by
 * the pod's {@code converge.dev/cancelled-by} annotation whatever phase the stopping pod is in.
 */
public enum BuildStatus {
    PENDING("Pending"), RUNNING("Running"), SUCCEEDED("Succeeded"), FAILED("Failed"), CANCELLED("Cancelled"), UNKNOWN("Unknown");

    private final String phase;

    BuildStatus(String phase) {
        this.phase = phase;
    }

    public String phase() {
        return phase;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Nothing more will happen to it; a cancelled build counts as finished once asked, though its pod may stop later. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    static BuildStatus ofPhase(String phase) {
        return Arrays.stream(values()).filter(status -> status.phase.equals(phase)).findFirst()
                .orElse(phase == null ? PENDING : UNKNOWN);
    }

    /**
     * The status named in a URL, ignoring case; empty for {@code all}.
     *
     * @throws UnknownBuildStatus for anything else
     */
    public static Optional<BuildStatus> parseFilter(String value) {
        if ("all".equalsIgnoreCase(value)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(values()).filter(status -> status.id().equalsIgnoreCase(value))
                .findFirst().orElseThrow(() -> UnknownBuildStatus.of(value)));
    }

    /** The values {@code /ai-converge/builds/{status}} accepts. */
    public static java.util.List<String> filterValues() {
        var values = new java.util.ArrayList<String>();
        Arrays.stream(values()).map(BuildStatus::id).forEach(values::add);
        values.add("all");
        return values;
    }
}
