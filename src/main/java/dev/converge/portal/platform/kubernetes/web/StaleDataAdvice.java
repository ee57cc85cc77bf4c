package dev.converge.portal.platform.kubernetes.web;

import dev.converge.portal.platform.kubernetes.cache.StaleData;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Marks a JSON answer built from a Kubernetes cache that does not follow the cluster right now: header
 * {@value #HEADER} always, and a {@code "stale": {"since", "reason"}} field when the body is an object. Answers from
 * current caches are left exactly as they are.
 */
@ControllerAdvice
class StaleDataAdvice implements ResponseBodyAdvice<Object> {

    static final String HEADER = "X-Stale-Since";

    private final JsonMapper json;

    StaleDataAdvice(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        var stale = StaleData.ofCurrentRequest();
        if (stale.isEmpty() || body == null || body instanceof ProblemDetail) {
            return body;
        }
        response.getHeaders().set(HEADER, stale.get().since().toString());
        if (!MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
            return body;
        }
        var tree = json.valueToTree(body);
        if (tree instanceof ObjectNode object) {
            object.putObject("stale")
                    .put("since", stale.get().since().toString())
                    .put("reason", stale.get().reason());
            return object;
        }
        return body;
    }
}
