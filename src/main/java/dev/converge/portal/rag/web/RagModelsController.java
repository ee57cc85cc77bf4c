package dev.converge.portal.rag.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Placeholder until the RAG manager arrives: the page says what it will hold. */
@Controller
class RagModelsController {

    @GetMapping("/rag/models")
    String page() {
        return "rag/list";
    }
}
