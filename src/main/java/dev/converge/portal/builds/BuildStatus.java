package dev.converge.portal.builds;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A build's status is its pod's phase, one to one (DESIGN.md §4). */
public enum BuildStatus {
    PENDING("Pending"), RUNNING("Running"), SUCCEEDED("Succeeded"), FAILED("Failed"), UNKNOWN("Unknown");

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

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
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
