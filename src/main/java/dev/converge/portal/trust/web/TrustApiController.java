package dev.converge.portal.trust.web;

import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import dev.converge.portal.trust.Scorecard;
import dev.converge.portal.trust.TrustDetail;
import dev.converge.portal.trust.TrustFilter;
import dev.converge.portal.trust.TrustViews;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The trust dashboard as JSON (docs/api.md, "Trust"): the same views as the pages. */
@RestController
@RequestMapping(path = "/trust", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
class TrustApiController {

    private final TrustViews views;

    TrustApiController(TrustViews views) {
        this.views = views;
    }

    @GetMapping
    PageView<Scorecard> list(@ModelAttribute TrustFilter filter, PageParams page, CurrentUser user) {
        return views.list(filter, page, user);
    }

    @GetMapping("/{namespace}/{name}")
    TrustDetail detail(@PathVariable String namespace, @PathVariable String name,
                       @RequestParam(required = false) String kind, CurrentUser user) {
        return views.get(namespace, name, kind, user);
    }
}
