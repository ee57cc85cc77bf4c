package dev.converge.portal.platform.kubernetes;

import java.util.Map;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/**
 * Kubernetes cannot answer what a request needs: its objects were never read (the API server has been unreachable
 * since the portal started) or a call that has no cached answer (logs) cannot reach it now. Answers 503, never an
 * empty list or a 404 that would pass for "there is nothing".
 */
public final class KubernetesUnavailable extends PortalException {

    private KubernetesUnavailable(String code, Object... args) {
        super(HttpStatus.SERVICE_UNAVAILABLE, Map.of(), code, args);
    }

    /** {@code what} in the plural, as Kubernetes names the resource: {@code deployments}, {@code pods}. */
    public static KubernetesUnavailable neverRead(String what) {
        return new KubernetesUnavailable("kubernetes.unavailable.read", what);
    }

    public static KubernetesUnavailable stillLoading(String what) {
        return new KubernetesUnavailable("kubernetes.unavailable.loading", what);
    }

    /** A live call (logs) while the cache's watch says the API server is away. */
    public static KubernetesUnavailable unreachable(String what) {
        return new KubernetesUnavailable("kubernetes.unavailable.call", what);
    }
}
