package dev.converge.portal.health.web;

import dev.converge.portal.health.ReadinessService;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.shared.web.ViewHandlers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Adds the platform's status to every view's model as {@code platform}: the sandbox badge, and alerts for
 * components that are down, from a readiness report a few seconds old at most. The beans are optional so that a
 * feature's {@code @WebMvcTest} slice renders the layout without setting up the platform.
 */
@ControllerAdvice
class PlatformStatusAdvice {

    private final ObjectProvider<ClusterMode> clusterMode;
    private final ObjectProvider<ReadinessService> readiness;

    PlatformStatusAdvice(ObjectProvider<ClusterMode> clusterMode, ObjectProvider<ReadinessService> readiness) {
        this.clusterMode = clusterMode;
        this.readiness = readiness;
    }

    @ModelAttribute("platform")
    PlatformView platform(HttpServletRequest request) {
        if (!ViewHandlers.rendersView(request)) {
            return null; // JSON and streams: no layout, and no readiness checks run for them
        }
        var mode = clusterMode.getIfAvailable();
        var report = readiness.getIfAvailable();
        return new PlatformView(mode != null && mode.isSandbox(),
                report == null ? java.util.List.of() : report.recent().downSummaries());
    }
}
