package dev.converge.portal.shared.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a {@link Failure} in the form the client understands: problem+json for API clients, an alert swapped into
 * {@code #alerts} for htmx, an error page inside the layout for browsers. Pages are rendered only by the container's
 * error dispatch ({@link PortalErrorController}), so they get the same model (user, platform) as every other page.
 * Not a bean, so every feature's {@code @WebMvcTest} slice gets error handling without extra setup.
 */
final class ErrorResponses {

    static final String FAILURE_ATTRIBUTE = ErrorResponses.class.getName() + ".failure";
    static final String ALERTS_TARGET = "#alerts";

    private final MessageSource messages;

    ErrorResponses(MessageSource messages) {
        this.messages = messages;
    }

    Object respond(HttpServletRequest request, HttpServletResponse response, Failure failure) throws IOException {
        if (ClientKind.wantsJson(request)) {
            return ResponseEntity.status(failure.status())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(request, failure));
        }
        if (ClientKind.isHtmx(request)) {
            response.setHeader("HX-Retarget", ALERTS_TARGET);
            response.setHeader("HX-Reswap", "afterbegin");
            return new ModelAndView("fragments/alerts :: failure", Map.of("failure", failure), failure.status());
        }
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return new ModelAndView(failure.viewName(), Map.of("failure", failure), failure.status());
        }
        request.setAttribute(FAILURE_ATTRIBUTE, failure);
        response.sendError(failure.status().value());
        return new ModelAndView();
    }

    Failure of(PortalException exception) {
        var fields = new LinkedHashMap<String, String>();
        exception.fieldErrors().forEach((field, code) -> fields.put(field, text(code, exception.fieldArgs(field))));
        return new Failure(exception.status(), title(exception.status()),
                text(exception.detailCode(), exception.detailArgs()), fields);
    }

    Failure of(HttpStatus status) {
        return of(status, Map.of());
    }

    Failure of(HttpStatus status, Map<String, String> fieldErrors) {
        return new Failure(status, title(status), text(key(status, "detail")), fieldErrors);
    }

    /** A status with its own detail (a message key) instead of the status's generic one. */
    Failure of(HttpStatus status, String detailCode, Map<String, String> fieldErrors) {
        return new Failure(status, title(status), text(detailCode), fieldErrors);
    }

    String text(org.springframework.context.MessageSourceResolvable resolvable) {
        return messages.getMessage(resolvable, LocaleContextHolder.getLocale());
    }

    private ProblemDetail problem(HttpServletRequest request, Failure failure) {
        var problem = ProblemDetail.forStatusAndDetail(failure.status(), failure.detail());
        problem.setTitle(failure.title());
        var path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
                ? original : request.getRequestURI();
        problem.setInstance(URI.create(path));
        if (!failure.fieldErrors().isEmpty()) {
            problem.setProperty("errors", failure.fieldErrors());
        }
        return problem;
    }

    private String title(HttpStatus status) {
        return text(key(status, "title"));
    }

    /** Statuses without their own texts borrow those of their class (4xx or 5xx). */
    private static String key(HttpStatus status, String part) {
        return switch (status.value()) {
            case 400, 401, 403, 404, 405, 409, 413, 415, 500, 503 -> "error." + status.value() + "." + part;
            default -> status.is4xxClientError() ? "error.400." + part : "error.500." + part;
        };
    }

    private String text(String code, Object... args) {
        return messages.getMessage(code, args, code, LocaleContextHolder.getLocale());
    }
}
