package dev.converge.portal.sandbox.kubernetes;

import java.util.Map;

import io.fabric8.kubernetes.client.utils.Serialization;

/** The {@code Status} bodies the Kubernetes API answers errors with, so clients show a proper message. */
final class KubeStatus {

    private KubeStatus() {
    }

    static String notFound(String resource, String name) {
        return failure(404, "NotFound", resource + " \"" + name + "\" not found");
    }

    static String failure(int code, String reason, String message) {
        return Serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(),
                "status", "Failure", "message", message, "reason", reason, "code", code));
    }
}
