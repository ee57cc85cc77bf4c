package dev.converge.portal.health.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.health.ReadinessService;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.CurrentUsers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Probes for load balancers and Kubernetes, open to anyone. {@code /health}: the process answers. {@code /readiness}:
 * every backing component, with details (versions, error classes) for signed-in admins only.
 */
@RestController
class HealthController {

    private final ReadinessService readiness;
    private final ClusterMode clusterMode;
    private final CurrentUsers currentUsers;

    HealthController(ReadinessService readiness, ClusterMode clusterMode, CurrentUsers currentUsers) {
        this.readiness = readiness;
        this.clusterMode = clusterMode;
        this.currentUsers = currentUsers;
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> health() {
        return Map.of("status", "UP");
    }

    @GetMapping(path = "/readiness", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReadinessBody> readiness(Authentication authentication) {
        var report = readiness.check();
        boolean showDetails = currentUsers.from(authentication).map(CurrentUser::isAdmin).orElse(false);
        var components = new LinkedHashMap<String, ComponentBody>();
        report.components().forEach((name, health) -> components.put(name, ComponentBody.of(health, showDetails)));
        var body = new ReadinessBody(report.status().name(), clusterMode.name().toLowerCase(Locale.ROOT), components);
        return ResponseEntity.status(report.isUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    record ReadinessBody(String status, String mode, Map<String, ComponentBody> components) {
    }

    /** {@code details} is null, and so left out of the JSON, unless the caller is an admin. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record ComponentBody(String status, String summary, Map<String, Object> details) {
        static ComponentBody of(ComponentHealth health, boolean withDetails) {
            return new ComponentBody(health.state().name(), health.summary(), withDetails ? health.details() : null);
        }
    }
}
