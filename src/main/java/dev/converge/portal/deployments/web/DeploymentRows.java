package dev.converge.portal.deployments.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.deployments.DeploymentSummary;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.shared.web.RenderedHtml;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * The rows of the deployments list, rendered from the {@code deployments/fragments :: row} template and reused while
 * a deployment's summary (replicas, state, zones, image, ...) stays the same: most rows of a busy list page are
 * unchanged between views, and rendering them was most of the page's cost.
 */
@Component
class DeploymentRows {

    /** A bound well above a cluster's deployments; past it the cache starts again rather than grow. */
    private static final int MAX_CACHED = 20_000;

    private final LiveFragments fragments;
    private final Map<String, Row> cache = new ConcurrentHashMap<>();

    DeploymentRows(LiveFragments fragments) {
        this.fragments = fragments;
    }

    List<RenderedHtml> render(List<DeploymentSummary> summaries, Locale locale, String contextPath) {
        return summaries.stream().map(summary -> row(summary, locale, contextPath)).toList();
    }

    private RenderedHtml row(DeploymentSummary summary, Locale locale, String contextPath) {
        var key = summary.namespace() + "/" + summary.name();
        var cached = cache.get(key);
        if (cached != null && cached.matches(summary, locale, contextPath)) {
            return cached.html();
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        var href = contextPath + "/deployments/" + UriUtils.encodePathSegment(summary.namespace(), "UTF-8") + "/"
                + UriUtils.encodePathSegment(summary.name(), "UTF-8");
        var html = new RenderedHtml(fragments.render("deployments/fragments", "row",
                Map.of("d", summary, "href", href), locale));
        cache.put(key, new Row(summary, locale, contextPath, html));
        return html;
    }

    private record Row(DeploymentSummary summary, Locale locale, String contextPath, RenderedHtml html) {

        boolean matches(DeploymentSummary other, Locale otherLocale, String otherContextPath) {
            return summary.equals(other) && locale.equals(otherLocale) && contextPath.equals(otherContextPath);
        }
    }
}
