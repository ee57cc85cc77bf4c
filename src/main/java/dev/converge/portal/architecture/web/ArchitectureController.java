package dev.converge.portal.architecture.web;

import dev.converge.portal.architecture.ArchitectureDocs;
import dev.converge.portal.health.HealthLivePublisher;
import dev.converge.portal.shared.web.NotFound;
import dev.converge.portal.shared.web.RenderedHtml;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * How the platform is built: the diagrams of {@code docs/architecture/}, live, and the documentation of
 * {@code docs/} around them.
 */
@Controller
class ArchitectureController {

    private final ArchitectureDocs docs;
    private final HealthLivePublisher health;
    private final WebInvocationPrivilegeEvaluator privileges;

    ArchitectureController(ArchitectureDocs docs, HealthLivePublisher health,
            WebInvocationPrivilegeEvaluator privileges) {
        this.docs = docs;
        this.health = health;
        this.privileges = privileges;
    }

    @GetMapping("/architecture")
    String page(Authentication user, Model model) {
        model.addAttribute("diagrams", docs.diagrams());
        // a component whose page this user may not open links to its section of the docs instead
        model.addAttribute("openPages", docs.diagrams().stream().flatMap(diagram -> diagram.nodes().stream())
                .map(node -> node.page()).distinct().filter(page -> privileges.isAllowed(page, user))
                .collect(java.util.stream.Collectors.joining(" ")));
        model.addAttribute("document", new RenderedHtml(docs.page("architecture").orElse("")));
        model.addAttribute("pages", docs.pageNames());
        model.addAttribute("health", health.current());
        return "architecture/overview";
    }

    @GetMapping("/architecture/docs/{name}")
    String document(@PathVariable String name, Model model) {
        var page = docs.page(name).orElseThrow(() -> new NotFound("architecture.docs.unknown", name));
        model.addAttribute("name", name);
        model.addAttribute("document", new RenderedHtml(page));
        model.addAttribute("pages", docs.pageNames());
        return "architecture/document";
    }
}
