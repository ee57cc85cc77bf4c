package dev.converge.portal.trust.web;

import java.util.Arrays;
import java.util.List;

import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.trust.Signal;
import dev.converge.portal.trust.TrustFilter;
import dev.converge.portal.trust.TrustViews;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The trust dashboard's pages: the grid of scorecards (and its results fragment for htmx) and a scorecard. */
@Controller
@RequestMapping(path = "/trust", produces = MediaType.TEXT_HTML_VALUE)
class TrustPageController {

    private final TrustViews views;

    TrustPageController(TrustViews views) {
        this.views = views;
    }

    @GetMapping
    String grid(@ModelAttribute("filter") TrustFilter filter, PageParams page, CurrentUser user, Model model,
                HtmxRequest htmx) {
        model.addAttribute("page", views.list(filter, page, user));
        model.addAttribute("teams", views.teamsOf(user));
        model.addAttribute("namespaces", user.namespaces());
        model.addAttribute("signals", Arrays.stream(Signal.values()).map(Signal::id).toList());
        model.addAttribute("scores", TrustFilter.SCORES);
        model.addAttribute("summaries", views.summaries(user));
        // the page shows its alerts itself, live: not the layout's copy as well
        model.addAttribute("trustAlerts", List.of());
        return htmx.isHtmxRequest() ? "trust/fragments :: results" : "trust/list";
    }

    @GetMapping("/{namespace}/{name}")
    String detail(@PathVariable String namespace, @PathVariable String name,
                       @RequestParam(required = false) String kind, CurrentUser user, Model model) {
        var detail = views.get(namespace, name, kind, user);
        model.addAttribute("detail", detail);
        model.addAttribute("summary", views.summaryOf(detail.card().namespace()));
        model.addAttribute("trustAlerts", List.of());
        return "trust/detail";
    }
}
