package dev.converge.portal.trust.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Placeholder until the trust dashboard arrives: the page says what it will hold. */
@Controller
class TrustController {

    @GetMapping("/trust")
    String page() {
        return "trust/dashboard";
    }
}
