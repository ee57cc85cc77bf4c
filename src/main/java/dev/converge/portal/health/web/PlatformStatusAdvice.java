package dev.converge.portal.shared.web;

import dev.converge.portal.health.ReadinessService;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Adds what the layout needs to every view's model: {@code platform} (sandbox badge, alerts for components that are
 * down, from a readiness report a few seconds old at most) and {@code pageLinks}. The beans are optional so that a
 * feature's {@code @WebMvcTest} slice renders the layout without setting up the platform.
 */
@ControllerAdvice
class LayoutModelAdvice {

    private final ObjectProvider<ClusterMode> clusterMode;
    private final ObjectProvider<ReadinessService> readiness;

    LayoutModelAdvice(ObjectProvider<ClusterMode> clusterMode, ObjectProvider<ReadinessService> readiness) {
        this.clusterMode = clusterMode;
        this.readiness = readiness;
    }

    @ModelAttribute("platform")
    PlatformView platform() {
        var mode = clusterMode.getIfAvailable();
        var report = readiness.getIfAvailable();
        return new PlatformView(mode != null && mode.isSandbox(),
                report == null ? java.util.List.of() : report.recent().downSummaries());
    }

    @ModelAttribute("pageLinks")
    PageLinks pageLinks(HttpServletRequest request) {
        return PageLinks.of(request);
    }
}
