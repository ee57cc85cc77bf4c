package dev.converge.portal.cost.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Placeholder until the cost estimator arrives: the page says what it will hold. */
@Controller
class CostEstimateController {

    @GetMapping("/cost/estimate")
    String page() {
        return "cost/estimate";
    }
}
