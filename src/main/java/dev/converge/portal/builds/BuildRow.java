package dev.converge.portal.builds;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.converge.portal.live.LiveRow;

/** A build as a live row shows it: its pod's phase, which is the build's {@link BuildStatus}. */
public record BuildRow(String namespace, String name, String phase, boolean deleted) implements LiveRow {

    /** Every phase a row can show, in the order the counts show them. */
    static final List<String> PHASES = Arrays.stream(BuildStatus.values()).map(BuildStatus::phase).toList();

    public static BuildRow of(Build build) {
        return new BuildRow(build.namespace(), build.name(), build.status().phase(), false);
    }

    BuildRow asDeleted() {
        return new BuildRow(namespace, name, phase, true);
    }

    @Override
    public String status() {
        return phase;
    }

    @Override
    public String eventName() {
        return "build-row-" + namespace + "-" + name;
    }

    @Override
    public Map<String, Object> data() {
        return Map.of("namespace", namespace, "name", name, "phase", phase, "deleted", deleted);
    }
}
