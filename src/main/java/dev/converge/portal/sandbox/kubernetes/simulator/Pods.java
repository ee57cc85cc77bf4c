package dev.converge.portal.sandbox.kubernetes.simulator;

import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/** Small questions the simulated controllers ask about pods. */
final class Pods {

    static final String KIND_LABEL = "converge.dev/kind";
    static final String EXIT_CODE_ENV = "SANDBOX_EXIT_CODE";

    private Pods() {
    }

    static String key(HasMetadata object) {
        var namespace = object.getMetadata().getNamespace();
        return namespace == null ? object.getMetadata().getName() : namespace + "/" + object.getMetadata().getName();
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    static boolean isTerminated(Pod pod) {
        var phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static boolean isDeleting(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    /** Counts towards its node's allocation and its owner's replicas: bound or not, and not finished. */
    static boolean isActive(Pod pod) {
        return !isTerminated(pod) && !isDeleting(pod);
    }

    static boolean isBound(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isBlank();
    }

    static boolean isRunning(Pod pod) {
        return "Running".equals(phase(pod));
    }

    static boolean isReady(Pod pod) {
        return isRunning(pod) && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    static boolean isBuild(Pod pod) {
        return "build".equals(labels(pod).get(KIND_LABEL));
    }

    static Map<String, String> labels(HasMetadata object) {
        var labels = object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** The exit code a build container was asked to end with through {@code SANDBOX_EXIT_CODE}; 0 by default. */
    static int requestedExitCode(Container container) {
        return Optional.ofNullable(container.getEnv()).orElse(java.util.List.of()).stream()
                .filter(env -> EXIT_CODE_ENV.equals(env.getName()) && env.getValue() != null)
                .findFirst()
                .map(env -> parseExitCode(env.getValue()))
                .orElse(0);
    }

    private static int parseExitCode(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
