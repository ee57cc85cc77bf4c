package dev.converge.portal.deployments.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Placeholder until the deployment manager arrives: the page says what it will hold. */
@Controller
class DeploymentsController {

    @GetMapping("/deployments")
    String page() {
        return "deployments/list";
    }
}
