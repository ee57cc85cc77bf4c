package dev.converge.portal.rag.runtime.web;

import java.io.IOException;

import dev.converge.portal.rag.runtime.RagRuntimeHandler;
import dev.converge.portal.rag.runtime.RuntimeResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the runtime role's endpoints by handing each request to {@link RagRuntimeHandler}, the one definition of
 * the protocol (the sandbox calls the same handler in process). A streamed chat is written and flushed event by
 * event on the request thread.
 */
@RestController
class RagRuntimeController {

    private final RagRuntimeHandler handler;

    RagRuntimeController(RagRuntimeHandler handler) {
        this.handler = handler;
    }

    @RequestMapping({"/health", "/readiness", "/v1/**"})
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var length = request.getContentLengthLong();
        byte[] body;
        if (length > RagRuntimeHandler.MAX_BODY_BYTES) {
            body = new byte[RagRuntimeHandler.MAX_BODY_BYTES + 1]; // refused by the handler with 413, unread
        } else {
            body = request.getInputStream().readNBytes(RagRuntimeHandler.MAX_BODY_BYTES + 1);
        }
        RuntimeResponse answer = handler.handle(request.getMethod(), request.getRequestURI(), body);
        response.setStatus(answer.status());
        response.setContentType(answer.contentType() + ";charset=UTF-8");
        if (answer.isStream()) {
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
        }
        var out = response.getOutputStream();
        answer.body().writeTo(out);
        out.flush();
    }
}
