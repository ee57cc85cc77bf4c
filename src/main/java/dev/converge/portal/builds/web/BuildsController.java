package dev.converge.portal.builds.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Placeholder until the AI Converge builder arrives: the page says what it will hold. */
@Controller
class BuildsController {

    @GetMapping("/ai-converge/builds")
    String page() {
        return "builds/list";
    }
}
