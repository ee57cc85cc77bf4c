package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

class ViewHandlersTests {

    @Controller
    static class Pages {
        String page() {
            return "page";
        }

        @ResponseBody
        String fragmentAsBody() {
            return "text";
        }
    }

    @RestController
    static class Api {
        String json() {
            return "{}";
        }

        ModelAndView view() {
            return new ModelAndView("page");
        }
    }

    @Test
    void aPageHandlerRendersAView() throws Exception {
        assertThat(ViewHandlers.rendersView(requestFor(new Pages(), "page"))).isTrue();
    }

    @Test
    void responseBodyHandlersRenderNone() throws Exception {
        assertThat(ViewHandlers.rendersView(requestFor(new Api(), "json"))).isFalse();
        assertThat(ViewHandlers.rendersView(requestFor(new Pages(), "fragmentAsBody"))).isFalse();
    }

    @Test
    void aModelAndViewIsRenderedEvenFromARestController() throws Exception {
        assertThat(ViewHandlers.rendersView(requestFor(new Api(), "view"))).isTrue();
    }

    @Test
    void anUnknownHandlerIsTreatedAsAPage() {
        assertThat(ViewHandlers.rendersView(new MockHttpServletRequest())).isTrue();
    }

    private static MockHttpServletRequest requestFor(Object bean, String method) throws Exception {
        var request = new MockHttpServletRequest();
        request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
                new HandlerMethod(bean, bean.getClass().getDeclaredMethod(method)));
        return request;
    }
}
