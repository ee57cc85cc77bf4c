package dev.converge.portal.experiments.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Placeholder until the MLflow manager arrives: the page says what it will hold. */
@Controller
class ExperimentsController {

    @GetMapping("/mlflow/experiments")
    String page() {
        return "experiments/list";
    }
}
