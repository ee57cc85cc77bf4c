package dev.converge.portal.live;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

/** A build pod as a live row shows it: its phase, which is the build's status. */
public record BuildRow(String namespace, String name, String phase, boolean deleted) implements LiveRow {

    static final String KIND_LABEL = "converge.dev/kind";
    static final List<String> PHASES = List.of("Pending", "Running", "Succeeded", "Failed", "Unknown");

    static boolean isBuild(Pod pod) {
        var labels = pod.getMetadata().getLabels();
        return labels != null && "build".equals(labels.get(KIND_LABEL));
    }

    public static BuildRow of(Pod pod) {
        var phase = Optional.ofNullable(pod.getStatus()).map(PodStatus::getPhase).orElse("Pending");
        return new BuildRow(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                PHASES.contains(phase) ? phase : "Unknown", false);
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
