package dev.converge.portal.platform.kubernetes.cache;

import java.time.Instant;
import java.util.Optional;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A request's answer came (partly) from a cache that does not follow Kubernetes right now: the data is as of
 * {@code since} (the oldest of the kinds read). Recorded by {@link KubernetesCaches} on each read made for a request,
 * shown by the web layer as a note on pages and a {@code stale} field in JSON.
 */
public record StaleData(Instant since, String reason) {

    static final String REASON = "Kubernetes unreachable";
    private static final String ATTRIBUTE = StaleData.class.getName();

    /** What the current request read from stale caches, if anything. */
    public static Optional<StaleData> ofCurrentRequest() {
        var attributes = RequestContextHolder.getRequestAttributes();
        return attributes == null ? Optional.empty()
                : Optional.ofNullable((StaleData) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    static void record(RequestAttributes attributes, Instant since) {
        var earlier = (StaleData) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (earlier == null || since.isBefore(earlier.since())) {
            attributes.setAttribute(ATTRIBUTE, new StaleData(since, REASON), RequestAttributes.SCOPE_REQUEST);
        }
    }
}
