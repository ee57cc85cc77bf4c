package dev.converge.portal.trust.web;

import java.util.List;

import dev.converge.portal.security.CurrentUsers;
import dev.converge.portal.shared.web.ViewHandlers;
import dev.converge.portal.trust.TrustSummary;
import dev.converge.portal.trust.TrustViews;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Adds {@code trustAlerts} to every view's model: the summaries of the user's namespaces, whose scorecards below
 * their team's minimum the layout shows as alerts on every page, kept live over topic {@code trust}. Optional beans,
 * so other features' slices render the layout as before.
 */
@ControllerAdvice
class TrustAlertsAdvice {

    private final ObjectProvider<TrustViews> views;
    private final ObjectProvider<CurrentUsers> users;

    TrustAlertsAdvice(ObjectProvider<TrustViews> views, ObjectProvider<CurrentUsers> users) {
        this.views = views;
        this.users = users;
    }

    @ModelAttribute("trustAlerts")
    List<TrustSummary> trustAlerts(Authentication authentication, HttpServletRequest request) {
        if (!ViewHandlers.rendersView(request)) {
            return List.of(); // JSON and streams: no layout
        }
        var reader = views.getIfAvailable();
        var known = users.getIfAvailable();
        var user = reader == null || known == null ? null : known.from(authentication).orElse(null);
        if (user == null) {
            return List.of();
        }
        return reader.summaries(user);
    }
}
