package dev.converge.portal.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the current page's {@link PageLinks} in every view's model as {@code pageLinks}. */
@ControllerAdvice
class PageLinksAdvice {

    @ModelAttribute("pageLinks")
    PageLinks pageLinks(HttpServletRequest request) {
        return PageLinks.of(request);
    }
}
