package dev.converge.portal.architecture.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** How the platform is built: the seven managers and the infrastructure under them. */
@Controller
class ArchitectureController {

    @GetMapping("/architecture")
    String page() {
        return "architecture/overview";
    }
}
