package dev.converge.portal.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Whether the request's handler renders a view. Spring calls every {@code @ModelAttribute} advice for every handler,
 * JSON and SSE ones included; an advice whose value only a page uses (the layout's badges and alerts) skips its work
 * for a handler whose model nobody reads (a {@code @ResponseBody} handler: the JSON API, streams, downloads).
 */
public final class ViewHandlers {

    private ViewHandlers() {
    }

    public static boolean rendersView(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler)) {
            return true; // not known: do the work, as before
        }
        var body = handler.hasMethodAnnotation(ResponseBody.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class);
        return !body || ModelAndView.class.isAssignableFrom(handler.getMethod().getReturnType());
    }
}
