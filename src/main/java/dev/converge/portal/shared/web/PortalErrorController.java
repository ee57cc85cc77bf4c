package dev.converge.portal.shared.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page ({@code /error}): answers errors raised outside controllers (security's 403, failures in
 * filters) and renders the error pages {@link PortalExceptionHandler} asked for, never Whitelabel or a stack trace.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class PortalErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(PortalErrorController.class);

    private final ErrorResponses errors;

    PortalErrorController(MessageSource messages) {
        this.errors = new ErrorResponses(messages);
    }

    @RequestMapping
    Object error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getAttribute(ErrorResponses.FAILURE_ATTRIBUTE) instanceof Failure failure) {
            return errors.respond(request, response, failure);
        }
        var status = status(request);
        if (status.is5xxServerError() && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            log.error("Unexpected failure on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), t);
        }
        return errors.respond(request, response, errors.of(status));
    }

    /** Asked for directly ({@code GET /error}), there is no error to show: nothing is at this address. */
    private static HttpStatus status(HttpServletRequest request) {
        var given = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (given == null) {
            return HttpStatus.NOT_FOUND;
        }
        if (given instanceof Integer code) {
            var status = HttpStatus.resolve(code);
            if (status != null && status.isError()) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
